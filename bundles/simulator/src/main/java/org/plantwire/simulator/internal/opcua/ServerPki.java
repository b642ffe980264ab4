package org.plantwire.simulator.internal.opcua;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;

import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.security.CertificateManager;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultApplicationGroup;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.DefaultServerCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.FileBasedCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.FileBasedTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.KeyStoreCertificateStore;
import org.eclipse.milo.opcua.stack.core.security.RsaSha256CertificateFactory;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's certificate and trust list under one folder:
 * <pre>
 *   simulator-server.pfx   the server's key and self-signed certificate (generated on first start)
 *   trusted/certs          client certificates accepted when trustAllClients is off
 *   rejected/certs         client certificates that were refused (move one to trusted/certs to accept it)
 *   issuer/..., trusted/crl
 * </pre>
 */
final class ServerPki implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(ServerPki.class);

    /** Protects only the demo key store file; it lives in Karaf's data folder. */
    private static final char[] KEY_STORE_PASSWORD = "plantwire-simulator".toCharArray();

    private final FileBasedTrustListManager trustList;
    private final CertificateManager certificateManager;
    private final X509Certificate certificate;

    private ServerPki(FileBasedTrustListManager trustList, CertificateManager certificateManager,
                      X509Certificate certificate) {
        this.trustList = trustList;
        this.certificateManager = certificateManager;
        this.certificate = certificate;
    }

    static ServerPki open(Path pkiDir, String applicationUri, String hostname, boolean trustAllClients)
            throws Exception {
        Files.createDirectories(pkiDir);
        Path keyStore = pkiDir.resolve("simulator-server.pfx");
        boolean generate = !Files.exists(keyStore);

        var certificateStore = KeyStoreCertificateStore.createAndInitialize(new KeyStoreCertificateStore.Settings(
                keyStore, KEY_STORE_PASSWORD::clone, alias -> KEY_STORE_PASSWORD.clone()));
        FileBasedTrustListManager trustList = FileBasedTrustListManager.createAndInitialize(pkiDir);
        try {
            var quarantine = FileBasedCertificateQuarantine.create(pkiDir.resolve("rejected").resolve("certs"));
            CertificateValidator validator = trustAllClients
                    ? new AcceptAnyClientCertificate()
                    : new DefaultServerCertificateValidator(trustList, quarantine);
            var certificateFactory = new RsaSha256CertificateFactory() {
                @Override
                protected X509Certificate[] createRsaSha256CertificateChain(KeyPair keyPair) throws Exception {
                    var builder = new SelfSignedCertificateBuilder(keyPair)
                            .setCommonName("Plantwire filler simulator")
                            .setOrganization("Plantwire")
                            .setApplicationUri(applicationUri)
                            .addDnsName("localhost");
                    if (hostname.matches("[0-9.]+|.*:.*")) {
                        builder.addIpAddress(hostname);
                    } else {
                        builder.addDnsName(hostname);
                    }
                    return new X509Certificate[] {builder.build()};
                }
            };
            // creates the key pair and certificate when the key store has none
            var group = DefaultApplicationGroup.createAndInitialize(trustList, certificateStore, certificateFactory,
                    validator);
            X509Certificate certificate = group.getCertificateChain(NodeIds.RsaSha256ApplicationCertificateType)
                    .orElseThrow(() -> new IllegalStateException("no server certificate in " + keyStore))[0];
            if (generate) {
                LOG.info("Generated the simulator's self-signed server certificate in {}", keyStore);
            }
            return new ServerPki(trustList, new DefaultCertificateManager(quarantine, group), certificate);
        } catch (Exception | Error e) {
            trustList.close();
            throw e;
        }
    }

    CertificateManager certificateManager() {
        return certificateManager;
    }

    X509Certificate certificate() {
        return certificate;
    }

    /** Stops the trust list's folder watcher thread. */
    @Override
    public void close() throws IOException {
        trustList.close();
    }

    /** Demo mode: any client certificate is accepted (Milo's insecure validator would log a warning per session). */
    private static final class AcceptAnyClientCertificate implements CertificateValidator {
        @Override
        public void validateCertificateChain(List<X509Certificate> chain, String applicationUri,
                                             String[] validHostnames) {
            LOG.debug("Accepting client certificate {} (trustAllClients)", chain.get(0).getSubjectX500Principal());
        }
    }
}
