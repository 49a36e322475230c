<?php
// Manual check: zero1/magento2-rest-client 1.2.0 (Packagist, MIT; Guzzle, admin token) against a served Magento
// twin. Not collected. Packagist is not reachable here: take the tags' sources from GitHub into $CLIENTS_PHP
// (default /tmp/clients-php): zero1limited/magento2-rest-client 1.2.0 -> zero1, and its search builder
// dsheiko/magentosearchquerybuilder v1.0.0 -> dsheiko; Guzzle 7 comes from Debian (the client allows ^6.3|^7):
//   apt-get install php-cli php-curl php-mbstring php-guzzlehttp-guzzle
//   stockgate twin serve magento@2.4.8 --profile two-factor-off &     (admin login; prints READY http://127.0.0.1:PORT)
//   place a guest order first (tests/clients/manual/shopper.py: guest_order(URL, 'TS-RED-S', 2))
//   php tests/clients/manual/check_zero1_magento2_rest_client.php http://127.0.0.1:PORT
// The client logs in with POST /rest/V1/integration/admin/token and sends the token as Bearer; it has no OAuth.

declare(strict_types=1);

require __DIR__ . '/php_clients.php';
clients_debian('GuzzleHttp/autoload.php');
clients_psr4('Magento2\\', 'zero1/src');
clients_psr4('Dsheiko\\', 'dsheiko/src');

$base = twin_url($argv);
$api = new Magento2\Client($base, 'admin', 'stockgate-demo1');

step('getProducts sku like TS-%', fn () => $api->getProducts([[['sku', 'TS-%', 'like']]], null, 1, 5));
step('getProducts fields items[sku],total_count', fn () => $api->getProducts([[['type_id', 'simple', 'eq']]], null, 1, 3,
    ['items[sku]', 'total_count']));
$all = step('getAllProducts (pages of 5)', fn () => $api->getAllProducts([], null, 5));
echo '     ', count($all['items'] ?? []), ' of ', $all['total_count'] ?? '?', " products\n";
step('getProductBySku', fn () => $api->getProductBySku('TS-RED-S'));
step('getProductBySku unknown (EntityNotFoundException expected)', fn () => $api->getProductBySku('NO-SUCH-SKU'));
step('getStockItem', fn () => $api->getStockItem('TS-RED-S'));
step('getStockStatuses', fn () => $api->getStockStatuses('TS-RED-S'));
step('setStockLevelForSku (item id 1 by default)', fn () => $api->setStockLevelForSku('TS-RED-S', 12));
step('setStockDataForSku', fn () => $api->setStockDataForSku('MUG-BLK', ['qty' => 30, 'is_in_stock' => true]));
step('getStoreViews (/rest//V1/…)', fn () => $api->getStoreViews());
step('getStoreGroups', fn () => $api->getStoreGroups());
step('getStoreConfiguration [default]', fn () => $api->getStoreConfiguration(['default']));
step('getMediaGalleryEntries', fn () => $api->getMediaGalleryEntries('MUG-BLK'));
step('getAllCategories', fn () => $api->getAllCategories());
$orders = step('getOrders status pending', fn () => $api->getOrders([[['status', 'pending', 'eq']]]));
$order = $orders['items'][0] ?? null;
if ($order === null) {
    echo "no orders: place a guest order first (see the header)\n";
    exit(0);
}
step('getOrder', fn () => $api->getOrder($order['entity_id']));
step('getOrderByIncrementId', fn () => $api->getOrderByIncrementId($order['increment_id']));
step('getOrderItems order_id eq', fn () => $api->getOrderItems([[['order_id', $order['entity_id'], 'eq']]]));
step('addOrderComment', fn () => $api->addOrderComment((int) $order['entity_id'], 'processing', 'packed'));
step('shipOrder from central', fn () => $api->shipOrder($order['entity_id'],
    [['order_item_id' => $order['items'][0]['item_id'], 'qty' => 1]], false, false, [], [], [],
    ['extension_attributes' => ['source_code' => 'central']]));
step('getCustomer (customers are not emulated)', fn () => $api->getCustomer(1));
