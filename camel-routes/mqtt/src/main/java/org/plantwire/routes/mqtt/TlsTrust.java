package org.plantwire.routes.mqtt;

import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS towards a broker that trusts exactly the CA certificates an integrator put in the plant file's
 * {@code security.trustDir} (PEM or DER files, relative to Karaf's etc/), instead of every CA the JVM knows.
 */
final class TlsTrust {

    private TlsTrust() {
    }

    /** A socket factory trusting the certificates in the directory. */
    static SSLSocketFactory socketFactory(String trustDir) throws Exception {
        Path dir = Paths.get(trustDir).isAbsolute() ? Paths.get(trustDir)
                : Paths.get(System.getProperty("karaf.etc", "etc")).resolve(trustDir);
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        int n = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.{pem,crt,cer,der}")) {
            for (Path file : files) {
                try (InputStream in = Files.newInputStream(file)) {
                    for (Certificate c : x509.generateCertificates(in)) {
                        trusted.setCertificateEntry(file.getFileName() + "-" + n++, c);
                    }
                }
            }
        }
        if (n == 0) {
            throw new IllegalStateException("no CA certificate (*.pem, *.crt, *.cer, *.der) in " + dir);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return tls.getSocketFactory();
    }
}
