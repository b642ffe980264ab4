package org.plantwire.simulator.internal.opcua;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;

/**
 * How the simulator's OPC UA server is reached and secured.
 *
 * @param bindAddress      address the server listens on (127.0.0.1 for a demo)
 * @param port             TCP port; 0 = any free port (tests)
 * @param hostname         host written into endpoint URLs and the certificate; usually the bind address
 * @param securityPolicies the endpoints offered: None and/or Basic256Sha256 (SignAndEncrypt)
 * @param anonymous        whether anonymous sessions are allowed
 * @param username         user for username/password sessions; empty = none
 * @param password         that user's password
 * @param pkiDir           where the server certificate, the trusted/rejected client certificates live
 * @param trustAllClients  accept any client certificate on secured endpoints (demo); otherwise only those in
 *                         {@code pkiDir/trusted/certs} (rejected ones land in {@code pkiDir/rejected/certs})
 * @param sampleMillis     fastest sampling the server offers: the simulation tick
 */
public record ServerSettings(String bindAddress, int port, String hostname, Set<SecurityPolicy> securityPolicies,
                             boolean anonymous, String username, String password, Path pkiDir,
                             boolean trustAllClients, long sampleMillis) {

    public ServerSettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(pkiDir, "pkiDir");
        username = username == null ? "" : username.trim();
        password = password == null ? "" : password;
        securityPolicies = Set.copyOf(securityPolicies);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (securityPolicies.isEmpty()) {
            throw new IllegalArgumentException("at least one security policy is needed (None, Basic256Sha256)");
        }
        for (SecurityPolicy policy : securityPolicies) {
            if (policy != SecurityPolicy.None && policy != SecurityPolicy.Basic256Sha256) {
                throw new IllegalArgumentException("security policy " + policy + " is not offered; use None or Basic256Sha256");
            }
        }
        if (!anonymous && username.isEmpty()) {
            throw new IllegalArgumentException("anonymous is off and no username is set: nobody could log in");
        }
        if (!username.isEmpty() && password.isEmpty()) {
            throw new IllegalArgumentException("username '" + username + "' has no password");
        }
        if (sampleMillis <= 0) {
            throw new IllegalArgumentException("sampleMillis must be > 0, got " + sampleMillis);
        }
    }

    /** Parses a comma-separated list of security policies: {@code None}, {@code Basic256Sha256} or their URIs. */
    public static Set<SecurityPolicy> parseSecurityPolicies(String list) {
        Set<SecurityPolicy> policies = new LinkedHashSet<>();
        for (String item : list.split(",")) {
            String name = item.trim();
            if (name.isEmpty()) {
                continue;
            }
            SecurityPolicy policy = SecurityPolicy.fromUriSafe(name).orElse(null);
            if (policy == null) {
                try {
                    policy = SecurityPolicy.valueOf(name);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("unknown security policy '" + name
                            + "'; use None or Basic256Sha256 (or their http://opcfoundation.org/UA/SecurityPolicy# URIs)");
                }
            }
            policies.add(policy);
        }
        return policies;
    }
}
