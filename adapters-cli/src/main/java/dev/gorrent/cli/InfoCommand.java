package dev.gorrent.cli;

import com.google.inject.Guice;
import dev.gorrent.application.port.in.ScrapeTorrentUseCase;
import dev.gorrent.application.port.in.TrackerScrape;
import dev.gorrent.application.port.out.ScrapeResponse;
import dev.gorrent.cli.wiring.Modules;
import dev.gorrent.domain.metainfo.FileEntry;
import dev.gorrent.domain.metainfo.Metainfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code gorrent info}: shows what a torrent file holds and, on request, what its trackers count. */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Show a torrent's name, info-hash, size, pieces, files and trackers.",
            "With --scrape, also ask every tracker, all at once and for " + InfoCommand.SCRAPE_PATIENCE_SECONDS
                    + " s at most, how",
            "many seeders, leechers and completed downloads it counts (or why it cannot)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            " 0:shown (with --scrape: at least one tracker answered, or there is none to ask)",
            " 1:with --scrape: every tracker failed to answer",
            " 2:bad usage or an invalid torrent file",
            "130:interrupted (Ctrl-C) while scraping"})
public final class InfoCommand implements Callable<Integer> {
    /** Long enough for a UDP tracker's first retry (BEP 15 waits 15 s before resending), short enough to wait for. */
    static final int SCRAPE_PATIENCE_SECONDS = 30;

    @Parameters(index = "0", paramLabel = "TORRENT", description = "The .torrent file.")
    Path torrent;

    @Option(names = "--scrape", description = "Ask each tracker for its seeder, leecher and completed counts.")
    boolean scrape;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws UserFacingException {
        Metainfo metainfo = TorrentFiles.read(torrent);
        PrintWriter out = spec.commandLine().getOut();
        out.println("name:       " + metainfo.name());
        out.println("info-hash:  " + metainfo.infoHash().toHex());
        out.println("size:       " + Units.bytes(metainfo.totalLength()) + " (" + metainfo.totalLength() + " bytes)");
        out.println("pieces:     " + metainfo.pieceCount() + " of " + Units.bytes(metainfo.geometry().pieceLength()));
        out.println("private:    " + (metainfo.privateTorrent() ? "yes" : "no"));
        out.println("files:      " + metainfo.files().size());
        for (FileEntry file : metainfo.files()) {
            out.println("  " + file.displayPath() + "  (" + Units.bytes(file.length()) + ")");
        }
        List<List<String>> tiers = metainfo.trackerTiers();
        out.println("trackers:   " + (tiers.isEmpty() ? "none" : ""));
        for (int tier = 0; tier < tiers.size(); tier++) {
            for (String url : tiers.get(tier)) {
                out.println("  tier " + (tier + 1) + ": " + url);
            }
        }
        out.flush();
        return scrape ? scrape(metainfo, out) : ExitCodes.OK;
    }

    private static int scrape(Metainfo metainfo, PrintWriter out) {
        ScrapeTorrentUseCase useCase = Guice.createInjector(Modules.all(event -> { }))
                .getInstance(ScrapeTorrentUseCase.class);
        List<TrackerScrape> results;
        try {
            results = useCase.scrape(metainfo, Duration.ofSeconds(SCRAPE_PATIENCE_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.INTERRUPTED;
        }
        out.println("scrape:     " + (results.isEmpty() ? "no trackers to ask" : ""));
        for (TrackerScrape result : results) {
            out.println("  tier " + result.tierNumber() + ": " + result.trackerUrl() + describe(result.outcome()));
        }
        out.flush();
        boolean noneAnswered = !results.isEmpty() && results.stream().allMatch(r -> r.counts().isEmpty());
        return noneAnswered ? ExitCodes.RUNTIME_FAILURE : ExitCodes.OK;
    }

    private static String describe(TrackerScrape.Outcome outcome) {
        if (outcome instanceof TrackerScrape.Counted counted) {
            ScrapeResponse counts = counted.counts();
            return " seeders " + counts.seeders() + " leechers " + counts.leechers()
                    + " completed " + counts.completed();
        }
        return ": " + ((TrackerScrape.Failed) outcome).reason();
    }
}
