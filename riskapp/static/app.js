// Progressive enhancement only: every page works without JavaScript.
import { initAll } from "./govuk/govuk-frontend.min.js";

initAll();

// A panel pack's page: the count of printed summaries updates itself (announced politely to
// screen readers), and the page reloads once to offer the download when the pack is ready.
const progress = document.querySelector("[data-app-progress-url]");
if (progress && ["queued", "running"].includes(progress.dataset.appProgressStatus)) {
  const message = document.getElementById("pack-progress-message");
  const poll = async () => {
    try {
      const response = await fetch(progress.dataset.appProgressUrl, { headers: { Accept: "application/json" } });
      if (response.ok) {
        const state = await response.json();
        message.textContent = state.message;
        if (!["queued", "running"].includes(state.status)) {
          window.location.reload();
          return;
        }
      }
    } catch (error) {
      // Keep the last message; the "Check again" link still works.
    }
    window.setTimeout(poll, 2000);
  };
  window.setTimeout(poll, 2000);
}
