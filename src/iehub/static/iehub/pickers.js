// Long drop-downs (skills, organisations, regions, industries, certificates) become searchable pickers:
// a <select data-picker> keeps working as a plain select without script; with it, Tom Select adds a
// search box that is used by keyboard (type, arrows, Enter). Options may carry data-alt (the other
// language's name, codes) so a skill is found by its Chinese or English name in either language.
// An empty first option means "nothing chosen": on a required field it is the prompt, never a value.
(() => {
  const texts = () => document.body.dataset;

  const noResults = () => {
    const node = document.createElement("div");
    node.className = "no-results";
    node.textContent = texts().pickerNoResults || "No match";
    return node;
  };

  const enhance = (root) => {
    if (typeof TomSelect === "undefined") return;
    root.querySelectorAll("select[data-picker]").forEach((select) => {
      if (select.tomselect) return;
      const optional = !select.required && select.querySelector("option[value='']") !== null;
      const picker = new TomSelect(select, {
        allowEmptyOption: optional,
        maxOptions: 200,
        placeholder: texts().pickerPlaceholder,
        searchField: ["text", "alt"],
        render: { no_results: noResults },
      });
      // Our labels wrap their field; pointed at the picker's own input, a click on the label (or on the
      // picker's padding) focuses the picker instead of the hidden <select>, which would close it.
      const label = select.closest("label");
      if (label && !label.htmlFor) label.htmlFor = picker.control_input.id;
    });
  };

  document.addEventListener("DOMContentLoaded", () => enhance(document));
  document.addEventListener("htmx:load", (event) => enhance(event.target));
})();
