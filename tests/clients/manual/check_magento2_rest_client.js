// Manual check: magento2-rest-client 0.0.2 (npm, nouvak) against a served Magento twin. Not collected.
//   npm install --prefix /tmp/clients-node magento2-rest-client@0.0.2
//   NODE_PATH=/tmp/clients-node/node_modules node tests/clients/manual/check_magento2_rest_client.js http://127.0.0.1:PORT
// It signs with HMAC-SHA1 and has no option for another method: every signed call gets Magento's 400
// "Signature method HMAC-SHA1 is not supported" (2.4.4 and later, auth.oauth1_signature). Only an operation the
// twin does not emulate answers first (501, before auth, as Magento routes before it authenticates).
const {Magento2Client} = require('magento2-rest-client');
const c = Magento2Client({url: process.argv[2] + '/rest', consumerKey: 'stockgate-demo-consumer-key',
  consumerSecret: 'stockgate-demo-consumer-secret', accessToken: 'stockgate-demo-token',
  accessTokenSecret: 'stockgate-demo-token-secret'});
async function step(name, fn) {
  try { console.log('OK   ' + name + ': ' + JSON.stringify(await fn()).slice(0, 160)); }
  catch (e) { console.log('FAIL ' + name + ': ' + String(e).slice(0, 200)); }
}
(async () => {
  await step('products.list', () => c.products.list('&searchCriteria[pageSize]=2'));
  await step('products.update', () => c.products.update('MUG-BLK', {product: {price: 14}}));
  await step('categories.list', () => c.categories.list());
})();
