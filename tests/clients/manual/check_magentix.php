<?php
// Manual check: magentix/magento-php-api-client 1.2.0 (Packagist, MIT; one class, curl, OAuth 1.0a HMAC-SHA256)
// against a served Magento twin. Not collected. Packagist is not reachable here: take the tag's sources from
// GitHub (magentix/magento-php-api-client, tag 1.2.0) into $CLIENTS_PHP/magentix (default /tmp/clients-php):
//   apt-get install php-cli php-curl
//   stockgate twin serve magento@2.4.8 &               (prints READY http://127.0.0.1:PORT)
//   python tests/clients/manual/shopper.py-style guest order first (orders flows need one), e.g.
//     cd tests/clients/manual && python -c "from shopper import guest_order; print(guest_order('http://127.0.0.1:PORT', 'TS-RED-S', 2))"
//   php tests/clients/manual/check_magentix.php http://127.0.0.1:PORT
// The client takes full URLs (any store code: /rest/V1, /rest/all/V1), signs the query parameters it sends and
// answers ['error' => bool, 'result' => ...]; an error here is printed as FAIL with its status-less body.

declare(strict_types=1);

require __DIR__ . '/php_clients.php';
clients_psr4('Magentix\\MagentoApiClient\\', 'magentix/src');

use Magentix\MagentoApiClient\MagentoApiClient;

$base = twin_url($argv);
$api = new MagentoApiClient('stockgate-demo-consumer-key', 'stockgate-demo-consumer-secret', 'stockgate-demo-token',
    'stockgate-demo-token-secret');

/** The client's answer, or an exception carrying its error body (so step() prints FAIL). */
function ok(array $answer): mixed
{
    if ($answer['error']) {
        throw new RuntimeException(is_array($answer['result']) ? json_encode($answer['result']) : (string) $answer['result']);
    }
    return $answer['result'];
}

function criteria(array $filters, int $size = 5): array
{
    $group = [];
    foreach ($filters as [$field, $value, $condition]) {
        $group[] = ['field' => $field, 'value' => $value, 'condition_type' => $condition];
    }
    return ['searchCriteria' => ['filter_groups' => [['filters' => $group]], 'pageSize' => $size, 'currentPage' => 1]];
}

$v1 = "$base/rest/V1";
step('products sku like TS-%', fn () => ok($api->get("$v1/products", criteria([['sku', 'TS-%', 'like']]))));
step('products type_id eq simple (rest/all)', fn () => ok($api->get("$base/rest/all/V1/products",
    criteria([['type_id', 'simple', 'eq']]))));
step('products entity_id in 1,2 + fields', fn () => ok($api->get("$v1/products",
    criteria([['entity_id', '1,2', 'in']]) + ['fields' => 'items[sku,price],total_count'])));
step('products name like %Black Mug% (a space: sent as +)', fn () => ok($api->get("$v1/products",
    criteria([['name', '%Black Mug%', 'like']]))));
step('eleven filter groups (2.4.8 sorts signed names by bytes: [10] before [2]; the client sorts naturally)',
    fn () => ok($api->get("$v1/products", ['searchCriteria' => ['filter_groups' => array_fill(0, 11,
        ['filters' => [['field' => 'status', 'value' => '1', 'condition_type' => 'eq']]]), 'pageSize' => 1]])));
step('product by SKU', fn () => ok($api->get("$v1/products/TS-RED-S")));
step('unknown SKU (404 expected)', fn () => ok($api->get("$v1/products/NO-SUCH-SKU")));
step('configurable children', fn () => ok($api->get("$v1/configurable-products/TS/children")));
$stock = step('stockItems/TS-RED-S', fn () => ok($api->get("$v1/stockItems/TS-RED-S")));
step('stockStatuses/TS-RED-S', fn () => ok($api->get("$v1/stockStatuses/TS-RED-S")));
step('PUT products/TS-RED-S/stockItems/{itemId}', fn () => ok($api->put("$v1/products/TS-RED-S/stockItems/"
    . ($stock['item_id'] ?? 1), ['stockItem' => ['qty' => 11, 'is_in_stock' => true]])));
step('lowStock', fn () => ok($api->get("$v1/stockItems/lowStock/", ['scopeId' => 0, 'qty' => 100, 'pageSize' => 5])));
step('source-items sku eq', fn () => ok($api->get("$v1/inventory/source-items", criteria([['sku', 'TS-RED-S', 'eq']]))));
step('source-items save', fn () => ok($api->post("$v1/inventory/source-items", ['sourceItems' => [
    ['sku' => 'TS-RED-S', 'source_code' => 'central', 'quantity' => 7, 'status' => 1]]])));
step('salable qty', fn () => ok($api->get("$v1/inventory/get-product-salable-quantity/TS-RED-S/1")));
step('websites', fn () => ok($api->get("$v1/store/websites")));
$orders = step('orders created_at gteq', fn () => ok($api->get("$v1/orders",
    criteria([['created_at', '2020-01-01 00:00:00', 'gteq']], 10))));
$order = $orders['items'][0] ?? null;
if ($order === null) {
    echo "no orders: place a guest order first (see the header)\n";
    exit(0);
}
$id = $order['entity_id'];
$item = $order['items'][0]['item_id'];
step("order $id", fn () => ok($api->get("$v1/orders/$id")));
step('orders/items sku eq', fn () => ok($api->get("$v1/orders/items", criteria([['sku', $order['items'][0]['sku'], 'eq']]))));
step('order comment', fn () => ok($api->post("$v1/orders/$id/comments", ['statusHistory' => [
    'comment' => 'picked', 'is_customer_notified' => 0, 'is_visible_on_front' => 0]])));
step('invoice', fn () => ok($api->post("$v1/order/$id/invoice", ['capture' => true, 'notify' => false])));
step('ship from central', fn () => ok($api->post("$v1/order/$id/ship", ['items' => [['order_item_id' => $item, 'qty' => 1]],
    'arguments' => ['extension_attributes' => ['source_code' => 'central']]])));
step('refund, return to stock', fn () => ok($api->post("$v1/order/$id/refund", ['items' => [['order_item_id' => $item, 'qty' => 1]],
    'arguments' => ['extension_attributes' => ['return_to_stock_items' => [$item]]]])));
step('invoices search', fn () => ok($api->get("$v1/invoices", criteria([['order_id', (string) $id, 'eq']]))));
step('shipments search', fn () => ok($api->get("$v1/shipments", criteria([['order_id', (string) $id, 'eq']]))));
step('creditmemos search', fn () => ok($api->get("$v1/creditmemos", criteria([['order_id', (string) $id, 'eq']]))));
