<?php
require_once 'vendor/autoload.php';

$cred = new Catapult\Credentials('u-1', 't-2', 's-3');
$client = new Catapult\Client($cred);

$ch = curl_init("https://api.catapult.inetwork.com/v1/availableNumbers/local?areaCode=919&quantity=5");
curl_setopt($ch, CURLOPT_USERPWD, "t-2:s-3");
$found = json_decode(curl_exec($ch), true);

$url = "https://api.catapult.inetwork.com/v1/users/{$userId}/phoneNumbers";
$ch = curl_init($url);
curl_setopt($ch, CURLOPT_POST, 1);
