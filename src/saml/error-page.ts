import type { FailureMessage } from './failure-messages.js';

// The SAML edge's one error serializer: an HTML page a person reads. Everything interpolated is
// escaped; the request id is the support reference that ties the page to the logs and audit.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

// The backslash ending the reference line is a line continuation: the page keeps that sentence on one line.
export function renderErrorPage(failure: FailureMessage, requestId: string): string {
  const title = escapeHtml(failure.title);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title} · Roster</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #f5f6f8; color: #1d2433; }
main { max-width: 34rem; margin: 12vh auto; background: #fff; padding: 2rem 2.25rem;
  border-radius: 8px; box-shadow: 0 1px 3px #0002; }
h1 { font-size: 1.35rem; margin: 0 0 .75rem; }
.reference { margin-top: 1.5rem; font-size: .9rem; color: #4a5365; }
code { font-size: .9rem; background: #eef0f4; padding: .1rem .35rem; border-radius: 4px; }
</style>
</head>
<body>
<main role="main">
<h1>${title}</h1>
<p id="message">${escapeHtml(failure.message)}</p>
<p class="reference">If you contact support, quote this reference: \
<code id="support-reference">${escapeHtml(requestId)}</code></p>
</main>
</body>
</html>
`;
}
