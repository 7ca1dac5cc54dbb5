// Reports page: ask before the two actions that cannot be undone from the page (issuing a return
// locks the quarter; reopening is recorded and printed in the next return).
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute && form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
