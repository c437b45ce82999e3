// The top bar's menus are <details> elements (they work without script and by keyboard); this only
// closes the others when one opens, and closes them all on a click outside or on Escape.
document.addEventListener("DOMContentLoaded", () => {
  const groups = Array.from(document.querySelectorAll("header.top details.nav-group"));
  groups.forEach((group) => {
    group.addEventListener("toggle", () => {
      if (group.open) groups.forEach((other) => { if (other !== group) other.open = false; });
    });
  });
  document.addEventListener("click", (event) => {
    groups.forEach((group) => { if (!group.contains(event.target)) group.open = false; });
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    groups.forEach((group) => {
      if (group.open) { group.open = false; group.querySelector("summary").focus(); }
    });
  });
});
