package dev.gorrent.storage.content;

import dev.gorrent.storage.IoReasons;
import dev.gorrent.application.port.out.ContentException;
import dev.gorrent.application.port.out.ContentReader;
import dev.gorrent.domain.metainfo.ContentFile;
import dev.gorrent.domain.metainfo.TorrentContent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Reads listed content as one stream, holding at most one file open: the file the last read ended
 * in, since hashing reads front to back. A file whose size is not what was listed is refused when
 * opened, and one that ends early while read is reported, so a torrent never describes data that
 * changed under it. Used by one thread.
 */
final class FileContentReader implements ContentReader {
    private final List<Path> locations;
    private final long[] starts;
    private final long[] lengths;
    private final long totalLength;
    private int openFile = -1;
    private FileChannel channel;

    /** @param path the absolute, normalised path that was scanned */
    FileContentReader(Path path, TorrentContent content) {
        List<ContentFile> files = content.files();
        this.locations = content instanceof TorrentContent.SingleFile
                ? List.of(path)
                : files.stream().map(file -> resolve(path, file)).toList();
        this.starts = new long[files.size()];
        this.lengths = new long[files.size()];
        long offset = 0;
        for (int i = 0; i < files.size(); i++) {
            starts[i] = offset;
            lengths[i] = files.get(i).length();
            offset += lengths[i];
        }
        this.totalLength = offset;
    }

    @Override
    public void read(long offset, byte[] into, int length) throws ContentException {
        if (offset < 0 || length < 0 || length > into.length || offset > totalLength - length) {
            throw new IndexOutOfBoundsException("cannot read " + length + " bytes at " + offset + " of a "
                    + totalLength + "-byte stream into " + into.length + " bytes");
        }
        int done = 0;
        int file = fileAt(offset);
        while (done < length) {
            long position = offset + done;
            while (position >= starts[file] + lengths[file]) {
                file++;
            }
            int count = (int) Math.min(length - done, starts[file] + lengths[file] - position);
            readFully(file, position - starts[file], into, done, count);
            done += count;
        }
    }

    @Override
    public void close() throws ContentException {
        closeOpenFile();
    }

    /** The last file starting at or before {@code offset}; empty files before it are skipped by the caller's loop. */
    private int fileAt(long offset) {
        int low = 0;
        int high = starts.length - 1;
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (starts[middle] <= offset) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return low;
    }

    private void readFully(int file, long position, byte[] into, int from, int count) throws ContentException {
        FileChannel open = channel(file);
        ByteBuffer buffer = ByteBuffer.wrap(into, from, count);
        try {
            while (buffer.hasRemaining()) {
                int read = open.read(buffer, position + buffer.position() - from);
                if (read < 0) {
                    throw new ContentException(locations.get(file) + ": ended at byte "
                            + (position + buffer.position() - from)
                            + " while being read, though it was listed with " + lengths[file] + " bytes; it changed"
                            + " while the torrent was being made");
                }
            }
        } catch (ContentException e) {
            throw e;
        } catch (IOException e) {
            throw new ContentException("cannot read " + locations.get(file) + ": " + IoReasons.of(e), e);
        }
    }

    private FileChannel channel(int file) throws ContentException {
        if (file == openFile) {
            return channel;
        }
        closeOpenFile();
        Path location = locations.get(file);
        try {
            channel = FileChannel.open(location, StandardOpenOption.READ);
            openFile = file;
            long size = channel.size();
            if (size != lengths[file]) {
                throw new ContentException(location + ": has " + size + " bytes, but was listed with " + lengths[file]
                        + "; it changed while the torrent was being made");
            }
            return channel;
        } catch (NoSuchFileException e) {
            throw new ContentException(location + ": was removed while the torrent was being made", e);
        } catch (ContentException e) {
            throw e;
        } catch (IOException e) {
            throw new ContentException("cannot open " + location + ": " + IoReasons.of(e), e);
        }
    }

    private void closeOpenFile() throws ContentException {
        if (channel == null) {
            return;
        }
        Path location = locations.get(openFile);
        FileChannel closing = channel;
        channel = null;
        openFile = -1;
        try {
            closing.close();
        } catch (IOException e) {
            throw new ContentException("cannot close " + location + ": " + IoReasons.of(e), e);
        }
    }

    private static Path resolve(Path folder, ContentFile file) {
        Path location = folder;
        for (String element : file.path()) {
            location = location.resolve(element);
        }
        return location;
    }
}
