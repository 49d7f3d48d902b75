/** Receipts the job writes: signing with the executor's key, and the record the receipt sink takes. */
package dev.ipvm.job.receipt;
