package dev.gorrent.archfixture.domain;

import java.io.IOException;
import java.net.Socket;

/** Deliberately breaks the domain rules: I/O and a thread. Exists only to prove the rules bite. */
public class LeakyDomainType {
    public void open() throws IOException {
        new Socket().close();
        new Thread(() -> { }).start();
    }
}
