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

/**
 * Pauses or resumes the live refresh (the poll "livePoll") and says which it does; the button's
 * data-* attributes hold the texts in the page's language.
 */
Lookout.toggleLive = function (button) {
  var poll = PF('livePoll');
  var hint = document.getElementById('live-hint');
  if (button.dataset.state === 'running') {
    poll.stop();
    button.dataset.state = 'paused';
    button.textContent = button.dataset.resume;
    hint.textContent = button.dataset.hintPaused;
  } else {
    poll.start();
    button.dataset.state = 'running';
    button.textContent = button.dataset.pause;
    hint.textContent = button.dataset.hint;
  }
};

/*
 * The pages' own buttons name their action in data-action instead of an onclick attribute, which
 * the Content-Security-Policy forbids (docs/security.md); one listener serves them all, also those
 * an ajax update brings.
 */
Lookout.actions = { copy: Lookout.copy, 'live-toggle': Lookout.toggleLive };
document.addEventListener('click', function (event) {
  var button = event.target.closest ? event.target.closest('[data-action]') : null;
  var action = button ? Lookout.actions[button.dataset.action] : null;
  if (action) {
    action(button);
  }
});
window.Lookout = Lookout;
