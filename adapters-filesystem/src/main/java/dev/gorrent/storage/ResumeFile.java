package dev.gorrent.storage;

import dev.gorrent.application.port.out.StorageException;
import dev.gorrent.domain.metainfo.InfoHash;
import dev.gorrent.domain.piece.Bitfield;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A torrent's resume record at {@code DIR/.gorrent-resume/<info-hash-hex>.resume}, next to its data and never
 * outside the download folder: the record folder and the record are used only when they are not symbolic links.
 *
 * <p>A record is trusted only when every file still has exactly the size and modification time recorded, and either
 * every file was complete when storage was opened or this instance wrote the record.
 * Anything else (no record, garbage, another torrent's record, a changed
 * file) reads as no record, which costs a full re-hash but is always safe. Since a record is taken after the data
 * is flushed and then the files are stamped, a piece written in between changes a stamp and makes the record stale
 * on the next start; that is safe too. Modification times are only as fine as the file system keeps them, so a
 * same-size change by another program within one tick of a coarse clock goes unnoticed.
 *
 * <p>Threads: writes are serialised on {@code writeLock} because they share one temporary file; reads need no lock,
 * as the record is replaced by an atomic move and a reader sees the old one or the new one. Another program
 * swapping the record folder for a link between the check and the write is not defended against, as in
 * {@link DiskLayout}.
 */
final class ResumeFile implements ResumeStore {
    private final Path root;
    private final Path folder;
    private final Path record;
    private final Path temporary;
    private final InfoHash infoHash;
    private final int pieceCount;
    private final List<StoredFile> files;
    private final Object writeLock = new Object();
    /** Set once this instance has replaced the record, stamping files as they are since open. */
    private volatile boolean writtenSinceOpen;

    ResumeFile(Path root, InfoHash infoHash, int pieceCount, List<StoredFile> files) {
        this.root = root;
        this.folder = root.resolve(FOLDER_NAME);
        this.record = folder.resolve(infoHash.toHex() + ".resume");
        // A fixed name, so a temporary file left by a crash is cleared by the next write instead of piling up.
        this.temporary = folder.resolve(infoHash.toHex() + ".resume.tmp");
        this.infoHash = infoHash;
        this.pieceCount = pieceCount;
        this.files = List.copyOf(files);
    }

    @Override
    public Optional<Bitfield> read() {
        // open() extended a short file: a record from before then says nothing about what it now holds, even if a
        // coarse clock left its stamp unchanged. A record written since open stamped it after extending. (A missing
        // file is left alone until written, so a record that saw it missing still tells the truth.)
        if (!writtenSinceOpen && files.stream().anyMatch(file -> file.atOpen() == StoredFile.AtOpen.EXTENDED)) {
            return Optional.empty();
        }
        Optional<ResumeRecord> found = readBytes().flatMap(bytes -> ResumeRecord.decode(bytes, files.size()));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ResumeRecord read = found.get();
        if (!read.infoHash().equals(infoHash) || read.verified().size() != pieceCount
                || !read.files().equals(currentStamps())) {
            return Optional.empty();
        }
        return Optional.of(read.verified());
    }

    @Override
    public void write(Bitfield verified) throws StorageException {
        synchronized (writeLock) {
            ensureFolder();
            byte[] bytes = new ResumeRecord(infoHash, verified, stampsForWriting()).encode();
            try {
                Files.deleteIfExists(temporary);
                try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                    ByteBuffer buffer = ByteBuffer.wrap(bytes);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    channel.force(true);
                }
                Files.move(temporary, record, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                writtenSinceOpen = true;
            } catch (IOException e) {
                StorageException failure = new StorageException("cannot write resume record " + record + ": "
                        + IoReasons.of(e), e);
                deleteTemporary(failure);
                throw failure;
            }
            forceFolder();
        }
    }

    private Optional<byte[]> readBytes() {
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try (FileChannel channel = FileChannel.open(record, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = channel.size();
            if (size > ResumeRecord.maxBytes(pieceCount, files.size())) {
                return Optional.empty();
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) size);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer) < 0) {
                    return Optional.empty();
                }
            }
            return Optional.of(buffer.array());
        } catch (IOException missingOrUnreadable) {
            // Both mean "no usable record"; the fallback, hashing the data, finds out what is really there.
            return Optional.empty();
        }
    }

    /** The files' stamps now, or one that matches no record when a file cannot be examined. */
    private List<FileStamp> currentStamps() {
        try {
            return stamps();
        } catch (IOException e) {
            return List.of();
        }
    }

    private List<FileStamp> stampsForWriting() throws StorageException {
        try {
            return stamps();
        } catch (IOException e) {
            throw new StorageException("cannot write resume record " + record + ": cannot read the size and time of"
                    + " a torrent file: " + IoReasons.of(e), e);
        }
    }

    private List<FileStamp> stamps() throws IOException {
        List<FileStamp> stamps = new ArrayList<>(files.size());
        for (StoredFile file : files) {
            try {
                stamps.add(FileStamp.of(file.ioPath()));
            } catch (IOException e) {
                throw new IOException(file.path() + ": " + IoReasons.of(e), e);
            }
        }
        return stamps;
    }

    private void ensureFolder() throws StorageException {
        try {
            Files.createDirectory(folder);
        } catch (FileAlreadyExistsException e) {
            if (Files.isSymbolicLink(folder)) {
                throw new StorageException("refusing to write resume record " + record + ": " + folder
                        + " is a symbolic link, which could lead outside the download folder " + root, e);
            }
            if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                throw new StorageException("cannot write resume record " + record + ": " + folder
                        + " is not a folder", e);
            }
        } catch (IOException e) {
            throw new StorageException("cannot create folder " + folder + " for resume records: " + IoReasons.of(e), e);
        }
    }

    private void deleteTemporary(StorageException failure) {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /** Makes the rename itself durable where the platform allows forcing a folder; elsewhere the rename still holds. */
    private void forceFolder() {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException notSupportedHere) {
            // Windows cannot open folders as channels; the record is then durable once the OS writes the folder.
        }
    }
}
