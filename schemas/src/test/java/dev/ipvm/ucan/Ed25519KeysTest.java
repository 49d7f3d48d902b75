package dev.ipvm.ucan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Ed25519KeysTest {
  private static final HexFormat HEX = HexFormat.of();

  /** RFC 8032 section 7.1, tests 1 and 2: secret key -> public key and signature. */
  @ParameterizedTest
  @CsvSource({
      "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60, d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a, '', e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
      "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb, 3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c, 72, 92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
  })
  void rfc8032Vectors(String secret, String publicKey, String message, String signature) {
    Signer signer = Signer.fromSeed(HEX.parseHex(secret));
    assertThat(HEX.formatHex(signer.did().publicKey())).isEqualTo(publicKey);
    assertThat(HEX.formatHex(signer.sign(HEX.parseHex(message)))).isEqualTo(signature);
    assertThat(Ed25519.verify(HEX.parseHex(publicKey), HEX.parseHex(message), HEX.parseHex(signature))).isTrue();
  }

  @Test
  void didKeyRoundTripsAndHasTheEd25519Prefix() {
    Signer signer = Signer.generate();
    String did = signer.did().toString();
    assertThat(did).startsWith("did:key:z6Mk");
    assertThat(DidKey.parse(did)).isEqualTo(signer.did());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "did:web:example.com|not a base58btc did:key",
      "did:key:bafkrei|not a base58btc did:key",
      "did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169|not an Ed25519 did:key",
      "did:key:z6Mk0|invalid base58btc character",
  })
  void rejectsDidsWeCannotVerifyWith(String did, String reason) {
    assertThatThrownBy(() -> DidKey.parse(did)).isInstanceOfSatisfying(UcanException.class,
        e -> assertThat(e.reason()).isEqualTo(UcanException.Reason.INVALID_DID)).hasMessageContaining(reason);
  }

  @Test
  void rejectsShortKeys() {
    String did = "did:key:z" + dev.ipvm.multibase.Multibase.encodeBase58btcRaw(HEX.parseHex("ed010102030405"));
    assertThatThrownBy(() -> DidKey.parse(did)).hasMessageContaining("32 bytes, got 5");
  }

  @Test
  void keyFilesArePkcs8PemOwnerReadableOnly(@TempDir Path dir) throws Exception {
    Signer signer = Signer.generate();
    Path file = dir.resolve("keys/me.pem");
    signer.save(file);
    assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(Signer.load(file).did()).isEqualTo(signer.did());
  }

  @Test
  void readsTheKeyFormatOpensslWrites() {
    // openssl genpkey -algorithm ed25519 for the RFC 8032 test 1 secret: PKCS#8 v1 without public key
    String pem = "-----BEGIN PRIVATE KEY-----\n"
        + java.util.Base64.getEncoder().encodeToString(HEX.parseHex(
            "302e020100300506032b6570042204209d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"))
        + "\n-----END PRIVATE KEY-----\n";
    assertThat(HEX.formatHex(Signer.fromPem(pem).did().publicKey()))
        .isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  }

  @Test
  void rejectsKeyFilesThatAreNotEd25519() {
    assertThatThrownBy(() -> Signer.fromPem("hello")).hasMessageContaining("not a PKCS#8 PEM private key");
    String p256 = "-----BEGIN PRIVATE KEY-----\n"
        + "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg" + "A".repeat(40) + "\n-----END PRIVATE KEY-----";
    assertThatThrownBy(() -> Signer.fromPem(p256)).isInstanceOf(UcanException.class);
  }
}
