package org.plantwire.plant;

/**
 * How a connector authenticates and encrypts.
 *
 * @param policy    OPC UA security policy: {@code None}, {@code Basic256Sha256}, {@code Aes128_Sha256_RsaOaep},
 *                  {@code Aes256_Sha256_RsaPss}; MQTT: ignored
 * @param mode      OPC UA message security mode: {@code None}, {@code Sign}, {@code SignAndEncrypt}
 * @param username  user name, or null for anonymous
 * @param password  password, or null
 * @param trustDir  directory of trusted server certificates (OPC UA) or CA certificates (MQTT TLS), relative to
 *                  Karaf's etc/ unless absolute; null: the default
 * @param tls       MQTT: use TLS (also implied by an {@code ssl://} endpoint)
 */
public record SecurityConfig(String policy, String mode, String username, String password, String trustDir, boolean tls) {

    public static final SecurityConfig NONE = new SecurityConfig("None", "None", null, null, null, false);

    /** The password hidden, for logs and the shell. */
    @Override
    public String toString() {
        return "SecurityConfig[policy=" + policy + ", mode=" + mode + ", username=" + username
                + ", password=" + (password == null ? "none" : "****") + ", trustDir=" + trustDir + ", tls=" + tls + "]";
    }
}
