package dev.gorrent.application.service.fakes;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * How a fake peer behaves: which pieces it has and how it announces them, and how it misbehaves.
 *
 * @param pieces           the pieces it has; with none it sends no bitfield, as BEP 3 allows
 * @param announceWithHave send one HAVE per piece instead of a bitfield
 * @param corruptPieces    pieces whose blocks it sends with flipped bytes
 * @param chokeAfterBlocks after serving this many blocks it chokes for good (negative: never)
 * @param closeAfterBlocks after serving this many blocks it hangs up (negative: never)
 * @param closeBreaksProtocol it "hangs up" by sending bytes the wire protocol forbids instead
 * @param unchokeGate      it answers INTERESTED with UNCHOKE only once this gate is open
 * @param answerGate       it holds requests, unanswered, until this gate is open (a stalled peer)
 */
public record SeedScript(Set<Integer> pieces, boolean announceWithHave, Set<Integer> corruptPieces,
                         int chokeAfterBlocks, int closeAfterBlocks, boolean closeBreaksProtocol, Gate unchokeGate,
                         Gate answerGate) {

    public SeedScript {
        pieces = Set.copyOf(pieces);
        corruptPieces = Set.copyOf(corruptPieces);
    }

    /** An honest seed with every piece. */
    public static SeedScript seed(int pieceCount) {
        return withPieces(IntStream.range(0, pieceCount).boxed().collect(Collectors.toSet()));
    }

    /** An honest peer with exactly these pieces. */
    public static SeedScript withPieces(Set<Integer> pieces) {
        return new SeedScript(pieces, false, Set.of(), -1, -1, false, Gate.opened(), Gate.opened());
    }

    public SeedScript announcingWithHave() {
        return new SeedScript(pieces, true, corruptPieces, chokeAfterBlocks, closeAfterBlocks, closeBreaksProtocol,
                unchokeGate, answerGate);
    }

    public SeedScript corrupting(Set<Integer> corrupt) {
        return new SeedScript(pieces, announceWithHave, corrupt, chokeAfterBlocks, closeAfterBlocks,
                closeBreaksProtocol, unchokeGate, answerGate);
    }

    public SeedScript chokingAfter(int blocks) {
        return new SeedScript(pieces, announceWithHave, corruptPieces, blocks, closeAfterBlocks, closeBreaksProtocol,
                unchokeGate, answerGate);
    }

    public SeedScript closingAfter(int blocks) {
        return new SeedScript(pieces, announceWithHave, corruptPieces, chokeAfterBlocks, blocks, closeBreaksProtocol,
                unchokeGate, answerGate);
    }

    /** After serving this many blocks it sends a message the wire protocol forbids, which ends the connection. */
    public SeedScript breakingProtocolAfter(int blocks) {
        return new SeedScript(pieces, announceWithHave, corruptPieces, chokeAfterBlocks, blocks, true, unchokeGate,
                answerGate);
    }

    public SeedScript unchokingOnlyAfter(Gate gate) {
        return new SeedScript(pieces, announceWithHave, corruptPieces, chokeAfterBlocks, closeAfterBlocks,
                closeBreaksProtocol, gate, answerGate);
    }

    public SeedScript answeringOnlyAfter(Gate gate) {
        return new SeedScript(pieces, announceWithHave, corruptPieces, chokeAfterBlocks, closeAfterBlocks,
                closeBreaksProtocol, unchokeGate, gate);
    }

    public SeedScript neverUnchoking() {
        return unchokingOnlyAfter(Gate.closed());
    }
}
