<?php
// Shared by the check_*.php scripts (manual, not collected): a PSR-4 class loader for published PHP clients
// unpacked under $CLIENTS_PHP (default /tmp/clients-php), since Packagist is not reachable here, plus a step
// printer. Guzzle, PSR-7 and Carbon come from Debian (apt-get install php-cli php-curl php-mbstring php-xml
// php-guzzlehttp-guzzle php-nesbot-carbon), which installs them under /usr/share/php with their own loaders.
// Each check script says which client folders it needs and where their published sources come from.

declare(strict_types=1);

/** Load classes of $prefix (a namespace) from $dir under $CLIENTS_PHP; fails loudly if $dir is missing. */
function clients_psr4(string $prefix, string $dir): void
{
    $root = rtrim(getenv('CLIENTS_PHP') ?: '/tmp/clients-php', '/') . '/' . $dir;
    if (!is_dir($root)) {
        fwrite(STDERR, "missing client sources: $root (see the header of this script)\n");
        exit(2);
    }
    spl_autoload_register(function (string $class) use ($prefix, $root): void {
        if (strncmp($class, $prefix, strlen($prefix)) !== 0) {
            return;
        }
        $file = $root . '/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
        if (is_file($file)) {
            require $file;
        }
    });
}

/** Require a Debian-packaged library's loader (/usr/share/php/<path>). */
function clients_debian(string $path): void
{
    $file = '/usr/share/php/' . $path;
    if (!is_file($file)) {
        fwrite(STDERR, "missing Debian package file: $file (apt-get install the package named in the header)\n");
        exit(2);
    }
    require_once $file;
}

/** Run one step: print OK with the start of its result, or FAIL with the exception; never stop the run. */
function step(string $name, callable $call): mixed
{
    try {
        $result = $call();
    } catch (Throwable $e) {
        echo 'FAIL ', $name, ': ', get_class($e), ': ', substr(preg_replace('/\s+/', ' ', $e->getMessage()), 0, 300), "\n";
        return null;
    }
    echo 'OK   ', $name, ': ', substr(json_encode($result, JSON_UNESCAPED_SLASHES) ?: var_export($result, true), 0, 200), "\n";
    return $result;
}

/** The twin's base URL from the command line (no trailing slash). */
function twin_url(array $argv): string
{
    if (count($argv) < 2 || !preg_match('#^https?://#', $argv[1])) {
        fwrite(STDERR, "usage: php {$argv[0]} http://127.0.0.1:PORT  (the URL stockgate twin serve printed after READY)\n");
        exit(2);
    }
    return rtrim($argv[1], '/');
}
