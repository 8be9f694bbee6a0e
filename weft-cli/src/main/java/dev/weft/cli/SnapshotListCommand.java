package dev.weft.cli;

import dev.weft.Snapshot;
import dev.weft.Weft;
import dev.weft.internal.Json;
import dev.weft.spi.SnapshotQuery;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code weft snapshot list}: snapshots of every run, newest first, filtered and paged. */
@Command(name = "list", description = "List snapshots of every run, newest first.")
final class SnapshotListCommand extends InspectCommand {
  @Option(names = "--run-id", paramLabel = "ID", description = "Only snapshots of this run.")
  @Nullable String runId;

  @Option(names = "--name", paramLabel = "NAME", description = "Only snapshots with this name.")
  @Nullable String name;

  @Option(names = "--tag", paramLabel = "TAG", description = "Only snapshots with this tag.")
  @Nullable String tag;

  @Mixin Paging paging;

  @Override
  int inspect(Weft weft, Output out) {
    List<Snapshot> found = weft.snapshots().list(new SnapshotQuery(runId, name, tag,
        paging.offset, paging.limit));
    if (out.json()) {
      var doc = Json.object();
      var array = doc.putArray("snapshots");
      found.forEach(s -> array.add(Views.snapshot(s)));
      out.json(doc);
      return Output.OK;
    }
    out.table(List.of("RUN ID", "NAME", "STEP", "TAGS", "CREATED", "DESCRIPTION"),
        found.stream().map(s -> List.of(s.runId(), s.name(), Long.toString(s.step()),
            Output.cut(String.join(",", s.tags())), Views.time(s.created()),
            Output.cut(s.description()))).toList());
    paging.hintNextPage(out, found.size());
    return Output.OK;
  }
}
