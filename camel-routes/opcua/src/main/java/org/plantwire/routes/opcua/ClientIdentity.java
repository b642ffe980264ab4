package org.plantwire.routes.opcua;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

import org.eclipse.milo.opcua.stack.core.security.DefaultClientCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.FileBasedCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.FileBasedTrustListManager;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.plantwire.plant.ConnectorConfig;

/**
 * A connector's OPC UA application identity and trust: its own certificate (generated once, kept in
 * {@code data/plantwire/pki/<connector>.pfx}) and the servers it trusts: the certificates an integrator put in the
 * trust list ({@code etc/<trustDir>/trusted/certs}, default {@code etc/pki/opcua}). A server certificate that is not
 * there is refused and copied to {@code <trustDir>/rejected} so the integrator can inspect it and move it over:
 * never trusted blindly.
 */
final class ClientIdentity implements java.io.Closeable {

    private static final char[] STORE_PASSWORD = "plantwire".toCharArray();

    final String applicationUri;
    final KeyPair keyPair;
    final X509Certificate certificate;
    final DefaultClientCertificateValidator validator;
    final Path trustDir;
    private final FileBasedTrustListManager trustList;

    private ClientIdentity(String applicationUri, KeyPair keyPair, X509Certificate certificate,
                           DefaultClientCertificateValidator validator, Path trustDir, FileBasedTrustListManager trustList) {
        this.trustList = trustList;
        this.applicationUri = applicationUri;
        this.keyPair = keyPair;
        this.certificate = certificate;
        this.validator = validator;
        this.trustDir = trustDir;
    }

    static ClientIdentity of(ConnectorConfig config) throws Exception {
        String uri = "urn:plantwire:connector:" + config.name();
        Path pki = Paths.get(System.getProperty("karaf.data", "data"), "plantwire", "pki");
        Files.createDirectories(pki);
        Path store = pki.resolve(config.name() + ".pfx");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        KeyPair keyPair;
        X509Certificate certificate;
        if (Files.exists(store)) {
            try (InputStream in = Files.newInputStream(store)) {
                ks.load(in, STORE_PASSWORD);
            }
            Key key = ks.getKey("client", STORE_PASSWORD);
            certificate = (X509Certificate) ks.getCertificate("client");
            keyPair = new KeyPair(certificate.getPublicKey(), (PrivateKey) key);
        } else {
            keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
            certificate = new SelfSignedCertificateBuilder(keyPair)
                    .setCommonName("Plantwire connector " + config.name())
                    .setOrganization("Plantwire")
                    .setApplicationUri(uri)
                    .addDnsName("localhost")
                    .build();
            ks.load(null, STORE_PASSWORD);
            ks.setKeyEntry("client", keyPair.getPrivate(), STORE_PASSWORD, new X509Certificate[] {certificate});
            try (OutputStream out = Files.newOutputStream(store)) {
                ks.store(out, STORE_PASSWORD);
            }
        }
        String dir = config.security().trustDir() == null ? "pki/opcua" : config.security().trustDir();
        Path trust = Paths.get(dir).isAbsolute() ? Paths.get(dir) : Paths.get(System.getProperty("karaf.etc", "etc")).resolve(dir);
        Files.createDirectories(trust.resolve("rejected"));
        FileBasedTrustListManager trustList = FileBasedTrustListManager.createAndInitialize(trust);
        DefaultClientCertificateValidator validator = new DefaultClientCertificateValidator(trustList,
                new FileBasedCertificateQuarantine(trust.resolve("rejected").toFile()));
        return new ClientIdentity(uri, keyPair, certificate, validator, trust, trustList);
    }


    /** Stops the trust list's directory watcher. */
    @Override
    public void close() {
        try {
            trustList.close();
        } catch (java.io.IOException ignored) {
            // nothing more to release
        }
    }
}
