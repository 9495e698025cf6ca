package dev.rustmq.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [network] tls_cert_path} and {@code tls_key_path}: both or neither, and readable files. */
class TlsConfigTest {
    @TempDir
    Path dir;

    /** A file in the data folder ConfigFiles uses (relative paths resolve against it). */
    private Path dataFile(String name, String content) throws IOException {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        return Files.writeString(data.resolve(name), content);
    }

    @Test
    void neitherMeansSelfSigned() {
        NetworkConfig network = ConfigFiles.build(dir, "[network]\n").network();
        assertThat(network.tlsCertPath()).isNull();
        assertThat(network.tlsKeyPath()).isNull();
        assertThat(network.hasTlsFiles()).isFalse();
    }

    @Test
    void bothReadableFilesAreUsedResolvedAgainstTheDataFolder() throws IOException {
        Path cert = dataFile("cert.pem", "cert");
        Path key = dataFile("key.pem", "key");
        NetworkConfig network = ConfigFiles.build(dir,
                "[network]\ntls_cert_path = \"cert.pem\"\ntls_key_path = \"" + key + "\"\n").network();
        assertThat(network.tlsCertPath()).isEqualTo(cert.toAbsolutePath().normalize());
        assertThat(network.tlsKeyPath()).isEqualTo(key);
        assertThat(network.hasTlsFiles()).isTrue();
    }

    @Test
    void onlyTheCertificateNamesTheMissingKey() throws IOException {
        dataFile("cert.pem", "cert");
        assertThatThrownBy(() -> ConfigFiles.build(dir, "[network]\ntls_cert_path = \"cert.pem\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value for [network] tls_key_path")
                .hasMessageContaining("must be set together")
                .hasMessageContaining("only tls_cert_path is set");
    }

    @Test
    void onlyTheKeyNamesTheMissingCertificate() throws IOException {
        dataFile("key.pem", "key");
        assertThatThrownBy(() -> ConfigFiles.build(dir, "[network]\ntls_key_path = \"key.pem\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value for [network] tls_cert_path")
                .hasMessageContaining("only tls_key_path is set");
    }

    @Test
    void aMissingFileNamesItsKey() throws IOException {
        dataFile("cert.pem", "cert");
        assertThatThrownBy(() -> ConfigFiles.build(dir,
                "[network]\ntls_cert_path = \"cert.pem\"\ntls_key_path = \"nope.pem\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value for [network] tls_key_path")
                .hasMessageContaining("nope.pem")
                .hasMessageContaining("is not a readable file");
        assertThatThrownBy(() -> ConfigFiles.build(dir,
                "[network]\ntls_cert_path = \"gone.pem\"\ntls_key_path = \"cert.pem\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value for [network] tls_cert_path");
    }
}
