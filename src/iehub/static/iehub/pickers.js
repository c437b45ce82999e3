// Long drop-downs (skills, organisations, regions, industries, certificates) become searchable pickers:
// a <select data-picker> keeps working as a plain select without script; with it, Tom Select adds a
// search box that is used by keyboard (type, arrows, Enter). Options may carry data-alt (the other
// language's name, codes) so a skill is found by its Chinese or English name in either language.
// An empty first option means "nothing chosen": on a required field it is the prompt, never a value.
// Without script a searching picker (data-picker-search) offers only the option already chosen.
(() => {
  const texts = () => document.body.dataset;

  const noResults = () => {
    const node = document.createElement("div");
    node.className = "no-results";
    node.textContent = texts().pickerNoResults || "No match";
    return node;
  };

  const loading = () => {
    const node = document.createElement("div");
    node.className = "loading";
    node.textContent = texts().pickerLoading || "…";
    return node;
  };

  // A picker over a list too long for the page (the whole skill taxonomy) carries only the chosen
  // option; data-picker-search names the URL that answers {results: [{value, text, alt}]} for q= (the
  // URL may carry parameters of its own, e.g. ?invitee=).
  const remote = (url) => ({
    valueField: "value",
    labelField: "text",
    loadThrottle: 150,
    shouldLoad: (query) => query.trim().length > 0,
    load: (query, callback) => {
      const separator = url.includes("?") ? "&" : "?";
      fetch(`${url}${separator}q=${encodeURIComponent(query)}`, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then((response) => (response.ok ? response.json() : { results: [] }))
        .then((data) => callback(data.results))
        .catch(() => callback());
    },
  });

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
        render: { no_results: noResults, loading },
        ...(select.dataset.pickerSearch ? remote(select.dataset.pickerSearch) : {}),
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
