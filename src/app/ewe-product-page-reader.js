// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Ewelists developers

// Reads a shop's page for Add to List, as the user sees it: after the
// page's own scripts ran, since many shops build their product data in
// JavaScript. This runs in a script world of its own
// (ewe-product-page-reader.c): the page's scripts share the DOM with it but
// not its globals, and cannot see the message handler it posts to. It only
// gathers raw candidates; libewe-core checks and normalises every value
// (ewe-page-metadata-reading.c), with the rules it uses for a page's HTML.
// Microdata is read as ewe-page-metadata.c reads it.

'use strict';

(function () {
  const HANDLER = 'ewelists';
  const MAX_ITEMS = 512;
  const MAX_JSON_LD = 32;
  const MAX_IMAGES = 200;

  function isProductType(itemtype) {
    return (itemtype || '').split(/[ \t\n\r\f]+/).some(
      (t) => t === 'https://schema.org/Product' || t === 'http://schema.org/Product');
  }

  // An itemprop's value, as the HTML standard reads it.
  function microdataValue(el) {
    const name = el.localName;

    if (el.hasAttribute('content'))
      return el.getAttribute('content');
    if (['img', 'source', 'video', 'audio', 'iframe', 'embed'].includes(name))
      return el.getAttribute('src');
    if (['a', 'link', 'area'].includes(name))
      return el.getAttribute('href');
    if (['data', 'meter'].includes(name))
      return el.getAttribute('value');
    if (name === 'time')
      return el.getAttribute('datetime');

    return el.textContent;
  }

  // The first Product's own itemprops and its offer's; a nested brand
  // gives its text; other nested items (reviews, ratings) are not its.
  function readMicrodata() {
    const pairs = [];
    const product = Array.from(document.querySelectorAll('[itemscope]'))
      .find((el) => isProductType(el.getAttribute('itemtype')));

    function walk(parent) {
      for (const el of parent.children) {
        if (pairs.length >= MAX_ITEMS)
          return;

        const itemprop = el.getAttribute('itemprop');

        if (!el.hasAttribute('itemscope')) {
          if (itemprop !== null)
            pairs.push([itemprop, microdataValue(el) || '']);
          walk(el);
        } else if (itemprop === 'offers') {
          walk(el);
        } else if (itemprop === 'brand') {
          pairs.push(['brand', el.textContent || '']);
        }
      }
    }

    if (product)
      walk(product);

    return pairs;
  }

  function readMeta() {
    const pairs = [];

    for (const meta of document.querySelectorAll('meta')) {
      const key = meta.getAttribute('property') || meta.getAttribute('name') || meta.getAttribute('itemprop');
      const content = meta.getAttribute('content');

      if (key !== null && content !== null && pairs.length < MAX_ITEMS)
        pairs.push([key, content]);
    }

    return pairs;
  }

  function readJsonLd() {
    return Array.from(document.querySelectorAll('script[type="application/ld+json" i]'))
      .slice(0, MAX_JSON_LD)
      .map((script) => script.textContent || '');
  }

  // The pictures as loaded, at their own size: core keeps the large ones.
  function readImages() {
    return Array.from(document.images)
      .filter((img) => img.complete && img.naturalWidth > 0)
      .slice(0, MAX_IMAGES)
      .map((img) => ({ src: img.currentSrc || img.src, width: img.naturalWidth, height: img.naturalHeight }));
  }

  function read() {
    const canonical = document.querySelector('link[rel="canonical" i]');
    const reading = {
      title: document.title,
      canonical: canonical ? canonical.getAttribute('href') : null,
      jsonLd: readJsonLd(),
      meta: readMeta(),
      microdata: readMicrodata(),
      images: readImages(),
    };

    window.webkit.messageHandlers[HANDLER].postMessage(JSON.stringify(reading));
  }

  // Only this world's global: the page's world has its own window object.
  globalThis.ewelistsReader = Object.freeze({ read });
})();
