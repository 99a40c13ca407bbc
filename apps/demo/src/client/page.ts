// GET /: the chat page. Plain HTML; its script is the esbuild bundle of client/chat.ts.

export const CHAT_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>sluice demo: streaming chat</title>
<style>
  :root { font-family: system-ui, sans-serif; color: #1d232a; background: #f4f6f8; }
  main { max-width: 760px; margin: 0 auto; padding: 24px 16px 48px; }
  h1 { font-size: 1.4rem; margin: 0 0 4px; }
  .sub { margin: 0 0 16px; color: #56606b; }
  #transcript { display: flex; flex-direction: column; gap: 10px; min-height: 120px; }
  .bubble { padding: 10px 14px; border-radius: 12px; line-height: 1.45; white-space: pre-wrap; }
  .bubble.user { align-self: flex-end; background: #1f6feb; color: white; max-width: 80%; }
  .bubble.assistant { align-self: flex-start; background: white; border: 1px solid #d6dce2; }
  .bubble.failed { border-color: #d1242f; }
  form { margin-top: 16px; display: grid; gap: 8px; }
  textarea { font: inherit; padding: 10px; border-radius: 8px; border: 1px solid #c4ccd4; }
  .controls { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
  .controls input[type=number] { width: 4em; }
  button { font: inherit; padding: 6px 16px; border-radius: 8px; border: 0; cursor: pointer; }
  #send { background: #1f6feb; color: white; }
  #status { margin: 12px 0 4px; font-weight: 600; }
  #status[data-state=verified] { color: #1a7f37; }
  #status[data-state=resuming] { color: #9a6700; }
  #status[data-state=error] { color: #d1242f; }
  #timeline { margin: 0; padding-left: 20px; color: #56606b; font-size: 0.85rem; }
  footer { margin-top: 24px; font-size: 0.85rem; color: #56606b; }
  code { background: #e8ecf0; padding: 1px 4px; border-radius: 4px; }
</style>
</head>
<body>
<main>
  <h1>sluice demo</h1>
  <p class="sub">One Hono app, streamed unchanged on Node, AWS Lambda and Cloudflare Workers.
  Every answer ends with a digest your browser checks before it says <em>verified</em>.</p>
  <div id="transcript" aria-live="polite"></div>
  <form id="chat-form">
    <textarea id="prompt" name="prompt" rows="3" placeholder="Ask something, e.g. how does resume work?"></textarea>
    <div class="controls">
      <button id="send" type="submit">Send</button>
      <button id="stop" type="button" disabled>Stop</button>
      <label><input id="cut" type="checkbox"> cut the connection after
        <input id="cut-after" type="number" min="1" value="8"> events</label>
    </div>
  </form>
  <p id="status" data-state="idle">idle</p>
  <ol id="timeline"></ol>
  <footer>
    Also here: <code>POST /v1/chat/completions</code> (OpenAI-compatible),
    <a href="/api/ticks?n=10">/api/ticks</a> (GET SSE),
    <a href="/api/proxy/fixtures/large.json.gz">/api/proxy/fixtures/large.json.gz</a> (gzip passthrough),
    <a href="/api/download?mb=10">/api/download?mb=10</a> (streamed CSV).
  </footer>
</main>
<script src="/chat.js" defer></script>
</body>
</html>
`;
