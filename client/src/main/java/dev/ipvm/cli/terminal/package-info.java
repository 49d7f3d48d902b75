/**
 * What every command shares about standard streams and the terminal: reading input from a file or
 * standard input and refusing binary output on a terminal ({@link dev.ipvm.cli.terminal.Streams}),
 * whether standard error is a terminal and its size ({@link dev.ipvm.cli.terminal.Terminal}), how
 * a receipt reads in one line ({@link dev.ipvm.cli.terminal.ReceiptText}), and a command group that
 * prints its usage ({@link dev.ipvm.cli.terminal.CommandGroup}). Depends on no other package of the
 * command line.
 */
package dev.ipvm.cli.terminal;
