package io.octopod.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The protocol module must stay testable on bytes alone. The Maven enforcer bans Netty and
 * BouncyCastle as dependencies; this test also catches JDK crypto creeping into the codecs.
 */
class ProtocolPurityTest {

  private static final Path SOURCES = Path.of("src/main/java");

  private static final Pattern FORBIDDEN_IMPORT =
      Pattern.compile("^import\\s+(static\\s+)?(io\\.netty|org\\.bouncycastle|javax\\.crypto)\\.");

  /**
   * STUN MESSAGE-INTEGRITY is an HMAC-SHA1 over the message (RFC 8489 section 14.5). The layout
   * stays pure; this one class computes the MAC with the JDK's {@code javax.crypto}.
   */
  private static final Set<String> ALLOWED_JDK_CRYPTO =
      Set.of("io/octopod/protocol/stun/StunMessageIntegrity.java");

  @Test
  void sourcesImportNoNettyAndNoCrypto() throws IOException {
    assertTrue(Files.isDirectory(SOURCES), "run from the module directory");
    List<String> offences = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String relative = SOURCES.relativize(file).toString();
        for (String line : Files.readAllLines(file)) {
          if (FORBIDDEN_IMPORT.matcher(line.trim()).find()
              && !(line.contains("javax.crypto") && ALLOWED_JDK_CRYPTO.contains(relative))) {
            offences.add(relative + ": " + line.trim());
          }
        }
      }
    }
    assertEquals(List.of(), offences, "protocol code must not import Netty or crypto");
  }

  @Test
  void detectsAForbiddenImport() {
    assertTrue(FORBIDDEN_IMPORT.matcher("import io.netty.buffer.ByteBuf;").find());
    assertTrue(FORBIDDEN_IMPORT.matcher("import javax.crypto.Mac;").find());
    assertTrue(FORBIDDEN_IMPORT.matcher("import static org.bouncycastle.util.Arrays.copy;").find());
  }
}
