<?php
// Manual check: anytech/lightspeed-x-series-api v2.0.4 (Packagist, MIT; curl, Bearer, date versions) against a
// served Lightspeed twin. Not collected. Packagist is not reachable here: take the tag's sources from GitHub
// (anytech/lightspeed-x-series-api, tag v2.0.4) into $CLIENTS_PHP/anytech (default /tmp/clients-php):
//   apt-get install php-cli php-curl
//   stockgate twin serve lightspeed@2026-07 &          (prints READY http://127.0.0.1:PORT)
//   php tests/clients/manual/check_anytech_lightspeed_x_series.php http://127.0.0.1:PORT
// The client takes the store's base URL (https://<prefix>.retail.lightspeed.app), so the twin's URL is all it
// needs. Its default API version is 2026-01; apiRequest() takes another, legacyRequest() 0.9 and 2.0.

declare(strict_types=1);

require __DIR__ . '/php_clients.php';
clients_psr4('LightspeedXSeries\\', 'anytech/src/LightspeedXSeries');

use LightspeedXSeries\LightspeedAPI;

$api = new LightspeedAPI(twin_url($argv), 'Bearer', 'stockgate-demo-token');

$outlets = step('outlets (2026-01)', fn () => $api->apiRequest('outlets', 'get'));
$registers = step('registers', fn () => $api->apiRequest('registers', 'get'));
$users = step('users', fn () => $api->apiRequest('users', 'get'));
step('retailer', fn () => $api->apiRequest('retailer', 'get'));
step('products page_size 5', fn () => $api->apiRequest('products', 'get', ['page_size' => 5]));
$found = step('search products sku MUG-BLK', fn () => $api->apiRequest('search', 'get', ['type' => 'products',
    'sku' => 'MUG-BLK']));
$mug = $found->data[0] ?? null;
if ($mug === null) {
    exit(0);
}
step('product by id', fn () => $api->apiRequest("products/{$mug->id}", 'get'));
step('product inventory (2.0)', fn () => $api->legacyRequest("products/{$mug->id}/inventory", 'get', '2.0'));
step('products/{id}/inventory on 2026-01 (not in the date versions)', fn () => $api->apiRequest("products/{$mug->id}/inventory", 'get'));
step('inventory/{product_id}', fn () => $api->apiRequest("inventory/{$mug->id}", 'get'));
step('inventory GET (2026-01)', fn () => $api->apiRequest('inventory', 'get', ['page_size' => 3]));
step('inventory POST (2026-07: a bare array, the client wants an object)', fn () => $api->apiRequest('inventory', 'post', ['product_ids' => [$mug->id]], '2026-07'));
step('inventory GET on 2026-07 (the 2026-04 change: POST)', fn () => $api->apiRequest('inventory', 'get', null, '2026-07'));
$taxes = step('taxes', fn () => $api->apiRequest('taxes', 'get'));
$payments = step('payment_types', fn () => $api->apiRequest('payment_types', 'get'));
$register = $registers->data[0];
$sale = step('sale (2026-07)', fn () => $api->apiRequest('sales', 'post', [
    'state' => 'closed', 'source' => ['author_id' => $users->data[0]->id, 'register_id' => $register->id],
    'line_items' => [['product' => ['id' => $mug->id], 'quantity' => 1, 'pricing' => ['price' => 12],
        'tax' => ['id' => $taxes->data[0]->id, 'amount' => 0]]],
    'payments' => [['amount' => 12, 'type' => ['config_id' => $payments->data[0]->id]]]], '2026-07'));
if ($sale !== null) {
    step('sale by id', fn () => $api->apiRequest("sales/{$sale->data->id}", 'get'));
}
step('sales list', fn () => $api->apiRequest('search', 'get', ['type' => 'sales', 'page_size' => 2]));
step('register sale (0.9)', fn () => $api->legacyRequest('register_sales', 'post', '0.9', [
    'register_id' => $register->id, 'user_id' => $users->data[0]->id, 'status' => 'CLOSED',
    'register_sale_products' => [['product_id' => $mug->id, 'quantity' => 1, 'price' => 12, 'tax' => 0,
        'tax_id' => $taxes->data[0]->id]],
    'register_sale_payments' => [['retailer_payment_type_id' => $payments->data[0]->id, 'amount' => 12]]]));
$order = step('consignment (supplier order, 2.0)', fn () => $api->legacyRequest('consignments', 'post', '2.0', [
    'type' => 'SUPPLIER', 'status' => 'OPEN', 'outlet_id' => $register->outlet_id, 'name' => 'PO php']));
if ($order !== null) {
    $id = $order->data->id;
    step('consignment products', fn () => $api->legacyRequest("consignments/$id/products", 'post', '2.0', [
        'product_id' => $mug->id, 'count' => 3, 'received' => 3, 'cost' => 1.5]));
    step('consignment totals', fn () => $api->legacyRequest("consignments/$id/totals", 'get', '2.0'));
    step('consignment received', fn () => $api->legacyRequest("consignments/$id", 'put', '2.0', ['status' => 'RECEIVED']));
    step('consignments (2026-01)', fn () => $api->apiRequest('consignments', 'get', ['type' => 'SUPPLIER']));
}
step('inventory/{product_id} after', fn () => $api->apiRequest("inventory/{$mug->id}", 'get', null, '2026-07'));
step('customers', fn () => $api->apiRequest('customers', 'get', ['page_size' => 2]));
