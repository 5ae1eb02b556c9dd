package dev.kappa.cli.internal;

import picocli.CommandLine.Command;

/**
 * {@code kappa query}: questions to a running server. {@code view} queries a view's committed state
 * ({@link QueryViewCommand}); further kinds of query (on-demand queries of a stream, say) are added
 * as subcommands here.
 */
@Command(
    name = "query",
    description = "Query a running server: a view's state.",
    subcommands = {
      QueryViewCommand.class,
      // On-demand queries of a stream go here, as their own subcommand class.
    })
final class QueryCommand {}
