// Preload (node -r ./redirect-https.js): the client hard-codes https://<prefix>.vendhq.com; send its requests to the
// served twin over plain HTTP instead (what a hosts entry and a TLS terminator would do). Nothing else changes.
const http = require('http'), https = require('https');
const target = new URL(process.env.TWIN_URL);
function redirect(options, cb) {
  if (typeof options === 'string' || options instanceof URL) options = new URL(options);
  const o = Object.assign({}, options, {protocol: 'http:', hostname: target.hostname, host: target.hostname, port: target.port});
  delete o.agent; delete o.href; delete o.origin;
  return http.request(o, cb);
}
https.request = redirect;
https.get = (o, cb) => { const r = redirect(o, cb); r.end(); return r; };
