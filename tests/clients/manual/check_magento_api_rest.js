// Manual check: magento-api-rest 2.0.4 (npm, aaditya) against a served Magento twin, OAuth 1.0a. Not collected.
//   stockgate twin serve magento@2.4.8 &     (prints READY http://127.0.0.1:PORT)
//   npm install --prefix /tmp/clients-node magento-api-rest@2.0.4
//   NODE_PATH=/tmp/clients-node/node_modules node tests/clients/manual/check_magento_api_rest.js http://127.0.0.1:PORT [1|256]
// With the client's default sha 1 every call gets 400 "Signature method HMAC-SHA1 is not supported", as on any
// Magento since 2.4.4 (profile fact auth.oauth1_signature); with its documented option sha: 256 the calls work.
const Magento = require('magento-api-rest').default;
const url = process.argv[2];
const sha = Number(process.argv[3] || 256);
const client = new Magento({url, sha, consumerKey: 'stockgate-demo-consumer-key',
  consumerSecret: 'stockgate-demo-consumer-secret', accessToken: 'stockgate-demo-token',
  tokenSecret: 'stockgate-demo-token-secret'});
async function step(name, fn) {
  try { const r = await fn(); console.log('OK   ' + name + ': ' + JSON.stringify(r.data).slice(0, 160)); return r.data; }
  catch (e) {
    const r = e.response;
    console.log('FAIL ' + name + ': ' + (r ? r.status + ' ' + JSON.stringify(r.data).slice(0, 200) : e.message));
  }
}
(async () => {
  await step('products', () => client.get('products', {$perPage: 2, $page: 1}));
  await step('products sku like', () => client.get('products', {filter_groups: [{filters: [
    {field: 'sku', value: 'TS-%', condition_type: 'like'}]}]}));
  await step('product by sku', () => client.get('products/TS-RED-S'));
  await step('stockItems', () => client.get('stockItems/TS-RED-S'));
  await step('source-items $or', () => client.get('inventory/source-items', {$or: [{sku: 'TS-RED-S'}, {sku: 'MUG-BLK'}]}));
  await step('source-items save', () => client.post('inventory/source-items', {sourceItems: [
    {sku: 'TS-RED-S', source_code: 'central', quantity: 6, status: 1}]}));
  await step('salable qty', () => client.get('inventory/get-product-salable-quantity/TS-RED-S/2'));
  const orders = await step('orders $from/$to', () => client.get('orders', {$from: '2020-01-01 00:00:00',
    $to: '2099-01-01 00:00:00', $sort: {created_at: 'desc'}}));
  const order = orders && orders.items[0];
  if (!order) { console.log('no orders: place one first (tests/clients/manual/shopper.py URL)'); return; }
  const item = order.items[0].item_id;
  await step('invoice', () => client.post(`order/${order.entity_id}/invoice`, {capture: true, notify: false}));
  await step('ship', () => client.post(`order/${order.entity_id}/ship`, {items: [{order_item_id: item, qty: 1}],
    arguments: {extension_attributes: {source_code: 'central'}}}));
  await step('refund', () => client.post(`order/${order.entity_id}/refund`, {items: [{order_item_id: item, qty: 1}],
    arguments: {extension_attributes: {return_to_stock_items: [item]}}}));
  await step('creditmemos', () => client.get('creditmemos'));
  await step('categories (501: not emulated)', () => client.get('categories'));
})();
