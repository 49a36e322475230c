<?php
// Manual check: simplesquid/vend-sdk v0.5.21 (Packagist, MIT; Guzzle, spatie DTOs, Carbon; 0.9 and 2.0 calls)
// against a served Lightspeed twin. Not collected. Packagist is not reachable here: take the tags' sources from
// GitHub into $CLIENTS_PHP (default /tmp/clients-php): simplesquid/vend-sdk v0.5.21 -> simplesquid, and
// spatie/data-transfer-object 1.11.0 (the SDK asks ~1.11.0) -> spatie-dto; Guzzle 7 and Carbon 2 from Debian
// (the SDK asks guzzle ^6.3: the calls it makes are the same in 7):
//   apt-get install php-cli php-curl php-mbstring php-guzzlehttp-guzzle php-nesbot-carbon
//   stockgate twin serve lightspeed@2026-07 &          (prints READY http://127.0.0.1:PORT)
//   php tests/clients/manual/check_simplesquid_vend_sdk.php http://127.0.0.1:PORT
// The SDK hard-codes https://<prefix>.vendhq.com/api/ with no base-URL option; its Guzzle client is a public
// property, so this script gives it one whose middleware sends each request to the twin over plain HTTP (as a
// hosts entry and a TLS terminator would), the path and query unchanged.

declare(strict_types=1);

require __DIR__ . '/php_clients.php';
clients_debian('GuzzleHttp/autoload.php');
clients_debian('Carbon/autoload.php');
clients_psr4('SimpleSquid\\Vend\\', 'simplesquid/src');
clients_psr4('Spatie\\DataTransferObject\\', 'spatie-dto/src');

use GuzzleHttp\Client;
use GuzzleHttp\HandlerStack;
use GuzzleHttp\Middleware;
use Psr\Http\Message\RequestInterface;
use SimpleSquid\Vend\Vend;

$twin = parse_url(twin_url($argv));
$stack = HandlerStack::create();
$stack->push(Middleware::mapRequest(fn (RequestInterface $r) => $r->withUri(
    $r->getUri()->withScheme('http')->withHost($twin['host'])->withPort($twin['port']), false)));

$vend = Vend::getInstance()->domainPrefix('demo')->personalAccessToken('stockgate-demo-token');
$vend->guzzle = new Client(['handler' => $stack, 'http_errors' => false, 'headers' => ['Accept' => 'application/json']]);

$outlets = step('outlet->get', fn () => $vend->outlet->get()->toArray());
step('register->get', fn () => $vend->register->get()->toArray());
step('user->get', fn () => $vend->user->get()->toArray());
$products = step('product->get(5)', fn () => $vend->product->get(5)->toArray());
$found = step('search->find products sku', fn () => $vend->search->find('products', ['sku' => 'MUG-BLK'])->toArray());
// The SDK's resources are spatie DTOs (v1) that refuse any property they do not declare: where they refuse an
// answer, the SDK's own public get() reads the same endpoint without them, so the run goes on.
$mug = $found[0]['id'] ?? step('get 2.0/search (raw)', fn () => $vend->get('2.0/search', ['type' => 'products',
    'sku' => 'MUG-BLK']))['data'][0]['id'] ?? null;
if ($mug === null) {
    exit(0);
}
step('product->find', fn () => $vend->product->find($mug)->toArray());
step('product->inventory', fn () => $vend->product->inventory($mug)->toArray());
step('inventory->get(3)', fn () => $vend->inventory->get(3)->toArray());
$taxes = step('tax->get', fn () => $vend->tax->get()->toArray()) ?? $vend->get('2.0/taxes')['data'];
$payments = step('paymentType->get', fn () => $vend->paymentType->get()->toArray()) ?? $vend->get('2.0/payment_types')['data'];
step('productType->get', fn () => $vend->productType->get()->toArray());
step('supplier->get', fn () => $vend->supplier->get()->toArray());
step('brand->get', fn () => $vend->brand->get()->toArray());
step('customer->get', fn () => $vend->customer->get()->toArray());
$registers = $vend->get('2.0/registers')['data'];
$users = $vend->get('2.0/users')['data'];
$sale = step('sale->create (0.9 register_sales)', fn () => $vend->sale->create([
    'register_id' => $registers[0]['id'], 'user_id' => $users[0]['id'], 'status' => 'CLOSED',
    'register_sale_products' => [['product_id' => $mug, 'quantity' => 1, 'price' => 12, 'tax' => 0,
        'tax_id' => $taxes[0]['id']]],
    'register_sale_payments' => [['retailer_payment_type_id' => $payments[0]['id'], 'amount' => 12]]])->toArray());
if ($sale !== null) {
    step('sale->find (2.0)', fn () => $vend->sale->find($sale['id'])->toArray());
}
step('sale->get(2)', fn () => $vend->sale->get(2)->toArray());
$order = step('consignment->create (0.9 consignment)', fn () => $vend->consignment->create([
    'type' => 'SUPPLIER', 'status' => 'OPEN', 'outlet_id' => $registers[0]['outlet_id'], 'name' => 'PO sdk'])->toArray());
step('consignment->get', fn () => $vend->consignment->get()->toArray());
