// Skip logic on the answer page: a question marked data-show-question="CODE" data-show-values="a|b"
// is shown only while the answer to CODE is one of the values. The server applies the same rule
// (hidden answers are dropped, hidden required questions are not required), so this is comfort only.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("[data-testid=survey-answer] form");
  if (!form) { return; }
  var dependent = form.querySelectorAll("[data-show-question]");
  function chosen(code) {
    return Array.prototype.map.call(form.querySelectorAll("[name='" + code + "']:checked"), function (el) { return el.value; });
  }
  function update() {
    dependent.forEach(function (el) {
      var wanted = el.dataset.showValues.split("|");
      var visible = chosen(el.dataset.showQuestion).some(function (v) { return wanted.indexOf(v) >= 0; });
      el.hidden = !visible;
    });
  }
  form.addEventListener("change", update);
  update();
});
