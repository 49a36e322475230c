// Manual check: vend-nodejs-sdk 1.1.2 (npm, ShoppinPal) against a served Lightspeed twin. Not collected.
// The SDK hard-codes https://<prefix>.vendhq.com with no base-URL option; redirect-https.js (a preload) sends its
// requests to the twin over plain HTTP, as a hosts entry and a TLS terminator would.
//   stockgate twin serve lightspeed@2026-07 &
//   npm install --prefix /tmp/clients-node vend-nodejs-sdk@1.1.2
//   TWIN_URL=http://127.0.0.1:PORT NODE_PATH=/tmp/clients-node/node_modules \
//     node -r ./tests/clients/manual/redirect-https.js tests/clients/manual/check_vend_nodejs_sdk.js
// Mostly 0.9 calls: products answer 410 Gone (sunset 2024-06, endpoints.gone); the other 0.9 reads answer 501
// naming lightspeed@0.9 (deprecated, still served by Lightspeed, not emulated: endpoints.legacy); 2.0 reads work.
const vendSdk = require('vend-nodejs-sdk')({});
const conn = {domainPrefix: 'demo', accessToken: 'stockgate-demo-token'};
async function step(name, fn) {
  try { console.log('OK   ' + name + ': ' + JSON.stringify(await fn()).slice(0, 160)); }
  catch (e) { console.log('FAIL ' + name + ': ' + (e && e.statusCode ? e.statusCode + ' ' +
    JSON.stringify(e.error || e.body).slice(0, 200) : String(e).slice(0, 200))); }
}
(async () => {
  const a = vendSdk.args.products.fetch(); a.page.value = 1; a.pageSize.value = 5; a.orderBy.value = 'id';
  a.active.value = true;
  await step('products.fetch (0.9)', () => vendSdk.products.fetch(a, conn));
  await step('registers.fetch (0.9)', () => vendSdk.registers.fetch(vendSdk.args.registers.fetch(), conn));
  await step('outlets.fetch (0.9)', () => vendSdk.outlets.fetch(vendSdk.args.outlets.fetch(), conn));
  await step('sales.fetch (0.9)', () => vendSdk.sales.fetch(vendSdk.args.sales.fetch(), conn));
  await step('productTypes.fetch (2.0)', () => vendSdk.productTypes.fetch(vendSdk.args.productTypes.fetch(), conn));
  await step('brands.fetch (2.0)', () => vendSdk.brands.fetch(vendSdk.args.brands.fetch(), conn));
  await step('tags.fetch (2.0)', () => vendSdk.tags.fetch(vendSdk.args.tags.fetch(), conn));
})();
