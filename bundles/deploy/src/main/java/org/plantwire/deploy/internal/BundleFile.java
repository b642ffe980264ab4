package org.plantwire.deploy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * A bundle jar fetched from its URL into a temporary file and checked before anything is installed: the URL
 * resolves, the file is a jar, and its manifest makes it an OSGi bundle.
 */
final class BundleFile implements AutoCloseable {

    final String url;
    final Path file;
    final String symbolicName;
    final String version;

    private BundleFile(String url, Path file, String symbolicName, String version) {
        this.url = url;
        this.file = file;
        this.symbolicName = symbolicName;
        this.version = version;
    }

    /** @throws IllegalArgumentException with a message for people */
    static BundleFile fetch(String url) {
        Path file;
        try {
            file = Files.createTempFile("plantwire-deploy-", ".jar");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a temporary file: " + e.getMessage(), e);
        }
        try {
            try (InputStream in = new URL(url).openStream()) {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("'" + url + "' is not a URL this server can read (mvn:, file: or http:): "
                        + e.getMessage());
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("cannot read " + url + ": " + describe(e));
            }
            Manifest manifest;
            try (JarFile jar = new JarFile(file.toFile())) {
                manifest = jar.getManifest();
            } catch (IOException e) {
                throw new IllegalArgumentException(url + " is not a jar: " + describe(e));
            }
            String name = manifest == null ? null : manifest.getMainAttributes().getValue("Bundle-SymbolicName");
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException(url + " is not an OSGi bundle: its manifest has no Bundle-SymbolicName");
            }
            int semicolon = name.indexOf(';');
            String version = manifest.getMainAttributes().getValue("Bundle-Version");
            return new BundleFile(url, file, (semicolon < 0 ? name : name.substring(0, semicolon)).trim(),
                    version == null ? "0.0.0" : version.trim());
        } catch (RuntimeException e) {
            delete(file);
            throw e;
        }
    }

    InputStream open() throws IOException {
        return Files.newInputStream(file);
    }

    @Override
    public void close() {
        delete(file);
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temporary file; the OS cleans up
        }
    }

    static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : (t instanceof java.io.FileNotFoundException ? "not found: " + m : m);
    }
}
