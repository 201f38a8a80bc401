/* After an administration form's ajax answer, brings the form's messages into the window if they
   are outside it, so the answer is seen next to what was done. */
(function () {
  function reveal() {
    document.querySelectorAll('.feedback .ui-messages > div').forEach(function (shown) {
      var box = shown.getBoundingClientRect();
      if (box.height > 0 && (box.top < 0 || box.bottom > window.innerHeight)) {
        shown.scrollIntoView({ block: 'center' });
      }
    });
  }
  if (window.jQuery) {
    jQuery(document).on('pfAjaxComplete', function () { setTimeout(reveal, 0); });
  }
})();
