/**
 * The index's HTTP API on the JDK's {@code com.sun.net.httpserver}: {@link dev.ipvm.index.http.ApiServer}
 * routes lookups to the store, {@link dev.ipvm.index.http.Views} shapes receipts into JSON, DAG-JSON
 * or DAG-CBOR ({@link dev.ipvm.index.http.Representation}, by {@code Accept}), errors are named by
 * {@link dev.ipvm.index.http.ApiError}, and {@link dev.ipvm.index.http.MetricsText} writes /metrics.
 */
package dev.ipvm.index.http;
