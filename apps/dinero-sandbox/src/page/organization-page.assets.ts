// The page's inline style and script: no external assets, so it works offline and the CSP can forbid everything else.

export const PAGE_STYLE = `
:root { color-scheme: light; --ink: #1d2733; --muted: #6b7785; --line: #e3e8ee; --brand: #0b6bcb; --bg: #f5f7fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
header { display: flex; justify-content: space-between; align-items: flex-end; gap: 16px; padding: 16px 24px;
  background: #fff; border-bottom: 3px solid var(--brand); }
h1 { margin: 0; font-size: 20px; }
h2 { margin: 0 0 8px; font-size: 16px; }
main { padding: 16px 24px; display: grid; gap: 20px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; }
table { width: 100%; border-collapse: collapse; }
th { text-align: left; font-weight: 600; color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .03em;
  border-bottom: 1px solid var(--line); padding: 6px 8px; white-space: nowrap; }
td { border-bottom: 1px solid var(--line); padding: 6px 8px; vertical-align: top; }
tbody.item + tbody.item tr:first-child td { border-top: 2px solid var(--line); }
.muted { color: var(--muted); }
.small { font-size: 12px; }
.right { text-align: right; }
.nowrap { white-space: nowrap; }
.num { font-variant-numeric: tabular-nums; }
.amount { font-variant-numeric: tabular-nums; white-space: nowrap; font-weight: 600; }
.amount.negative { color: #b3261e; }
.lines { list-style: none; margin: 0; padding: 0; }
.lines li { display: grid; grid-template-columns: 1fr auto; gap: 0 12px; }
.lines li + li { margin-top: 4px; }
.lines .meta { color: var(--muted); font-size: 12px; }
.line-amount { font-variant-numeric: tabular-nums; white-space: nowrap; color: var(--muted); }
.desc { overflow-wrap: anywhere; }
code { background: #eef2f6; border-radius: 4px; padding: 1px 4px; font-size: 12px; overflow-wrap: anywhere; }
code.short { white-space: nowrap; }
.badge { display: inline-block; border-radius: 10px; padding: 1px 8px; font-size: 12px; font-weight: 600; background: #e8edf3; }
.badge-Draft { background: #fff4d6; color: #7a5600; }
.badge-PendingBooking { background: #e3efff; color: #0b4f9c; }
.badge-Booked, .badge-Paid { background: #ddf5e3; color: #1e6b35; }
.badge-Deleted { background: #fde4e1; color: #8c1d13; }
.receipt { color: var(--brand); }
.empty td { color: var(--muted); font-style: italic; }
.count { margin-left: 14px; }
#live[data-state="live"]::before { content: "● "; color: #1e9e4a; }
#live[data-state="offline"]::before { content: "● "; color: #b3261e; }
@keyframes arrived { from { background: #fff6bf; } to { background: transparent; } }
.arrived td { animation: arrived 2.5s ease-out; }
`;

// Polls the JSON feed every second and swaps a section only when the server's fingerprint changed.
export const PAGE_SCRIPT = `
(() => {
  const body = document.body;
  const live = document.getElementById('live');
  let fingerprint = body.dataset.fingerprint;
  const keys = (root) => new Set([...root.querySelectorAll('[data-key]')].map((node) => node.dataset.key));
  const swap = (id, html) => {
    const root = document.getElementById(id);
    if (!root || root.innerHTML === html) return;
    const before = keys(root);
    root.innerHTML = html;
    for (const node of root.querySelectorAll('[data-key]')) if (!before.has(node.dataset.key)) node.classList.add('arrived');
  };
  const show = (state, text) => { live.dataset.state = state; live.textContent = text; };
  const poll = async () => {
    try {
      const response = await fetch(body.dataset.feed, { cache: 'no-store', headers: { accept: 'application/json' } });
      if (response.status === 404) show('offline', 'Organisationen findes ikke (længere).');
      else if (!response.ok) show('offline', 'Sandkassen svarede ' + response.status + '; prøver igen.');
      else {
        const data = await response.json();
        if (data.fingerprint !== fingerprint) {
          for (const [id, html] of Object.entries(data.sections)) swap(id, html);
          fingerprint = data.fingerprint;
          body.dataset.fingerprint = fingerprint;
        }
        show('live', 'Opdateret ' + new Date().toLocaleTimeString('da-DK'));
      }
    } catch {
      show('offline', 'Ingen forbindelse til sandkassen; prøver igen.');
    } finally {
      setTimeout(poll, 1000);
    }
  };
  setTimeout(poll, 1000);
})();
`;
