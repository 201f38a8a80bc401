/* Lookout: the few scripts of the pages that PrimeFaces does not provide. */
var Lookout = window.Lookout || {};

/**
 * Copies the text of the element named by the button's data-target and says so beside it
 * (data-copied, for 2 s); without a usable Clipboard API it selects the text and asks for the
 * keyboard instead (data-manual), so that the user is never left wondering.
 */
Lookout.copy = function (button) {
  var target = document.getElementById(button.dataset.target);
  var feedback = button.parentNode.querySelector('.copy-feedback');
  var text = target.textContent.trim();
  function say(message, millis) {
    feedback.textContent = message;
    clearTimeout(button.lookoutTimer);
    button.lookoutTimer = setTimeout(function () { feedback.textContent = ''; }, millis);
  }
  function selectForKeyboard() {
    var range = document.createRange();
    range.selectNodeContents(target);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    say(button.dataset.manual, 8000);
  }
  if (navigator.clipboard && navigator.clipboard.writeText) {
    navigator.clipboard.writeText(text).then(function () { say(button.dataset.copied, 2000); }, selectForKeyboard);
  } else {
    selectForKeyboard();
  }
};
window.Lookout = Lookout;
