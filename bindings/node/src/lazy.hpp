// Lazy views over libdevin's parsed document (the "lazy" decode strategy).
// A LazyDoc owns one devin_response and hands out small integer ids for the
// objects and arrays of its JSON document; lib/lazy.js wraps those ids in
// Proxies that read members on first use. Nothing of the document is
// converted to JS until it is read.
#pragma once

#include <napi.h>

#include "devin.h"

namespace devin_node {

// An External owning `resp` (freed when the last view of it is collected).
// The root value of its document has id 0.
Napi::Value lazy_doc_new(Napi::Env env, devin_response *resp);

// The root value of a lazy document: a primitive, or a BigInt id for an
// object (id * 2) or array (id * 2 + 1).
Napi::Value lazy_root(Napi::Env env, const Napi::Value &doc);

// Adds lazyGet, lazyHas, lazyArray and lazyEntries to the addon's exports.
void lazy_register(Napi::Env env, Napi::Object exports);

}  // namespace devin_node
