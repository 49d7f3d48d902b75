/**
 * {@code ipvm receipt get} and {@code ipvm receipt produced}: receipts by receipt, invocation, Task
 * ID or output CID, asked of a running receipt index ({@code bin/ipvm index}, over HTTP), or found
 * by scanning the receipts topic when no index answers.
 */
package dev.ipvm.cli.index;
