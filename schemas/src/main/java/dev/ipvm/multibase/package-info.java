/** Multibase text encodings (base32, base58btc, base64) for CIDs, DIDs and bytes. */
package dev.ipvm.multibase;
