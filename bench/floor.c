/*
 * floor: the least work a client can do to download a single-file torrent from one peer, as a reference
 * for bench/run.sh --floor (see bench/README.md). It is not a BitTorrent client to use: it trusts the
 * peer, speaks only what a seed needs to hear, and stops at the last block.
 *
 * One thread: a 68-byte handshake and "interested"; once unchoked, requests for the blocks in order,
 * kept QUEUE deep and sent 64 or more at a time; each block's bytes hashed into its piece's SHA-1
 * (OpenSSL's libcrypto, the same as Gorrent's) and written to OUTPUT with pwrite as they arrive, straight
 * from the socket's read buffer. The digests are computed, not compared: the benchmark compares the
 * output file with the seed's. No disk flush at the end, like libtorrent's client.
 *
 * Build: gcc -O2 -o floor floor.c -lcrypto        (needs the libssl-dev headers)
 * Usage: floor PORT INFO_HASH_HEX TOTAL_LENGTH PIECE_LENGTH OUTPUT [QUEUE]     (the peer on 127.0.0.1)
 *        OUTPUT "-" skips writing; INFO_HASH_HEX prefixed with "nohash:" skips hashing.
 * Exit codes: 0 done, 1 network or file failure, 2 bad usage.
 */
/* SHA1_Init, _Update and _Final: deprecated by OpenSSL 3 in favour of EVP, and the calls Gorrent makes too. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <arpa/inet.h>
#include <fcntl.h>
#include <openssl/sha.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BLOCK 16384
#define HEADER_MAX 13 /* length prefix, id, and for a block its piece index and offset */

static int peer_fd;

static void send_all(const unsigned char *bytes, size_t count) {
    while (count > 0) {
        ssize_t written = write(peer_fd, bytes, count);
        if (written <= 0) {
            perror("floor: write to peer");
            exit(1);
        }
        bytes += written;
        count -= (size_t) written;
    }
}

static void put32(unsigned char *at, uint32_t value) {
    at[0] = (unsigned char) (value >> 24);
    at[1] = (unsigned char) (value >> 16);
    at[2] = (unsigned char) (value >> 8);
    at[3] = (unsigned char) value;
}

static uint32_t get32(const unsigned char *at) {
    return (uint32_t) at[0] << 24 | (uint32_t) at[1] << 16 | (uint32_t) at[2] << 8 | at[3];
}

static double seconds_now(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double) now.tv_sec + (double) now.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc < 6 || argc > 7) {
        fprintf(stderr, "usage: floor PORT INFO_HASH_HEX TOTAL_LENGTH PIECE_LENGTH OUTPUT [QUEUE]\n");
        return 2;
    }
    double started = seconds_now();
    int port = atoi(argv[1]);
    const char *hex = argv[2];
    int hashing = strncmp(hex, "nohash:", 7) != 0;
    if (!hashing) {
        hex += 7;
    }
    long long total = atoll(argv[3]);
    long long piece_length = atoll(argv[4]);
    int queue = argc > 6 ? atoi(argv[6]) : 512;
    if (port < 1 || port > 65535 || strlen(hex) != 40 || total <= 0 || piece_length <= 0
            || piece_length % BLOCK != 0 || queue < 128) {
        fprintf(stderr, "floor: bad arguments (piece length a multiple of 16 KiB, queue at least 128)\n");
        return 2;
    }
    int out_fd = -1;
    if (strcmp(argv[5], "-") != 0) {
        out_fd = open(argv[5], O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (out_fd < 0) {
            perror("floor: output");
            return 1;
        }
    }
    long long blocks = (total + BLOCK - 1) / BLOCK;

    unsigned char handshake[68] = {19};
    memcpy(handshake + 1, "BitTorrent protocol", 19);
    for (int i = 0; i < 20; i++) {
        if (sscanf(hex + 2 * i, "%2hhx", &handshake[28 + i]) != 1) {
            fprintf(stderr, "floor: the info-hash is not hexadecimal\n");
            return 2;
        }
    }
    memcpy(handshake + 48, "-FL0001-", 8);
    srand((unsigned) getpid());
    for (int i = 56; i < 68; i++) {
        handshake[i] = (unsigned char) ('a' + rand() % 26);
    }

    peer_fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in peer = {.sin_family = AF_INET, .sin_port = htons((uint16_t) port)};
    inet_pton(AF_INET, "127.0.0.1", &peer.sin_addr);
    if (peer_fd < 0 || connect(peer_fd, (struct sockaddr *) &peer, sizeof peer) != 0) {
        perror("floor: connect");
        return 1;
    }
    struct timeval timeout = {.tv_sec = 30};
    setsockopt(peer_fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    const unsigned char interested[5] = {0, 0, 0, 1, 2};
    send_all(handshake, sizeof handshake);
    send_all(interested, sizeof interested);

    static unsigned char input[1 << 20];
    static unsigned char requests[512 * 17];
    SHA_CTX piece_hash;
    unsigned char digest[SHA_DIGEST_LENGTH] = {0};
    SHA1_Init(&piece_hash);
    long long hashed = 0, next_block = 0, received = 0, in_flight = 0;
    int unchoked = 0;
    size_t handshake_seen = 0;
    unsigned char header[HEADER_MAX];
    int header_length = 0;
    int message_id = -1;
    long long body_left = 0, body_position = 0;
    while (received < blocks) {
        ssize_t count = read(peer_fd, input, sizeof input);
        if (count <= 0) {
            fprintf(stderr, "floor: the peer closed or went silent after %lld of %lld blocks\n", received, blocks);
            return 1;
        }
        ssize_t at = 0;
        if (handshake_seen < 68) {
            size_t take = (size_t) count < 68 - handshake_seen ? (size_t) count : 68 - handshake_seen;
            handshake_seen += take;
            at += (ssize_t) take;
        }
        while (at < count) {
            if (body_left > 0) {
                long long take = count - at < body_left ? count - at : body_left;
                if (message_id == 7) {
                    if (hashing) {
                        SHA1_Update(&piece_hash, input + at, (size_t) take);
                        hashed += take;
                        if (hashed % piece_length == 0 || hashed == total) {
                            SHA1_Final(digest, &piece_hash);
                            SHA1_Init(&piece_hash);
                        }
                    }
                    if (out_fd >= 0 && pwrite(out_fd, input + at, (size_t) take, body_position) != take) {
                        perror("floor: write to output");
                        return 1;
                    }
                    body_position += take;
                }
                body_left -= take;
                at += (ssize_t) take;
                if (body_left == 0 && message_id == 7) {
                    received++;
                    in_flight--;
                }
                continue;
            }
            header[header_length++] = input[at++];
            uint32_t length = header_length >= 4 ? get32(header) : 0;
            if (header_length == 4 && length == 0) {
                header_length = 0; /* keep-alive */
                continue;
            }
            if (header_length < 5 || (header[4] == 7 && header_length < HEADER_MAX)) {
                continue;
            }
            message_id = header[4];
            body_left = (long long) length - (header_length - 4);
            if (message_id == 7) {
                body_position = (long long) get32(header + 5) * piece_length + get32(header + 9);
            } else if (message_id == 1) {
                unchoked = 1;
            } else if (message_id == 0) {
                /* A choke drops every request; the peer answered in order, so start again after the last. */
                unchoked = 0;
                next_block = received;
                in_flight = 0;
            }
            header_length = 0;
        }
        if (unchoked && next_block < blocks && in_flight <= queue - 64) {
            size_t used = 0;
            while (next_block < blocks && in_flight < queue && used + 17 <= sizeof requests) {
                long long offset = next_block * BLOCK;
                uint32_t length = (uint32_t) (total - offset < BLOCK ? total - offset : BLOCK);
                put32(requests + used, 13);
                requests[used + 4] = 6;
                put32(requests + used + 5, (uint32_t) (offset / piece_length));
                put32(requests + used + 9, (uint32_t) (offset % piece_length));
                put32(requests + used + 13, length);
                used += 17;
                next_block++;
                in_flight++;
            }
            send_all(requests, used);
        }
    }
    if (out_fd >= 0 && close(out_fd) != 0) {
        perror("floor: output");
        return 1;
    }
    printf("floor: %lld blocks in %.3f s; the last piece's SHA-1 begins %02x%02x\n", received,
           seconds_now() - started, digest[0], digest[1]);
    return 0;
}
