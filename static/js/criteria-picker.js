// The grouped criteria picker (templates/consultation/_criteria_picker.html): typing in the
// filter hides criteria whose code and title do not contain every word typed; a group with
// nothing left is hidden too. Without JavaScript every criterion stays listed.
document.addEventListener("input", (event) => {
  const filter = event.target.closest("[data-picker-filter]");
  if (!filter) return;
  const picker = filter.closest("[data-picker]");
  const words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
  picker.querySelectorAll("[data-picker-group]").forEach((group) => {
    let shown = 0;
    group.querySelectorAll("[data-picker-item]").forEach((item) => {
      const match = words.every((word) => item.dataset.search.includes(word));
      item.hidden = !match;
      if (match) shown += 1;
    });
    group.hidden = shown === 0;
  });
});
