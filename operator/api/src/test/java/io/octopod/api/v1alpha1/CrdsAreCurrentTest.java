package io.octopod.api.v1alpha1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed CRDs in {@code crds/} must be exactly what the Java model generates. Run {@code
 * make crds} after changing the model; this test then passes again.
 */
class CrdsAreCurrentTest {

  private static final Path COMMITTED =
      Path.of(System.getProperty("octopod.crds.dir", "../../crds"));
  private static final Path GENERATED = Path.of("target/generated-crds");
  private static final List<String> FILES =
      List.of("bridgepools.octopod.io-v1.yml", "conferences.octopod.io-v1.yml");

  @BeforeAll
  static void generate() throws IOException {
    Files.createDirectories(GENERATED);
    try (Stream<Path> old = Files.list(GENERATED)) {
      for (Path p : old.toList()) {
        Files.delete(p);
      }
    }
    new CRDGenerator()
        .customResourceClasses(BridgePool.class, Conference.class)
        .inOutputDir(GENERATED.toFile())
        .forCRDVersions("v1")
        .generate();
    orderPrinterColumnsAsDeclared(GENERATED.resolve(FILES.get(0)), BridgePool.class);
    orderPrinterColumnsAsDeclared(GENERATED.resolve(FILES.get(1)), Conference.class);
    if (Boolean.getBoolean("octopod.crds.write")) {
      Files.createDirectories(COMMITTED);
      for (String file : FILES) {
        Files.copy(
            GENERATED.resolve(file),
            COMMITTED.resolve(file),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  /**
   * The generator sorts printer columns by JSON path, which would put AGE first. kubectl shows them
   * in CRD order, so restore the order in which the resource class declares them.
   */
  private static void orderPrinterColumnsAsDeclared(Path crdFile, Class<?> resource)
      throws IOException {
    CustomResourceDefinition crd =
        Serialization.unmarshal(Files.readString(crdFile), CustomResourceDefinition.class);
    List<String> declared =
        Arrays.stream(resource.getAnnotationsByType(AdditionalPrinterColumn.class))
            .map(AdditionalPrinterColumn::name)
            .toList();
    for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
      List<CustomResourceColumnDefinition> columns =
          new ArrayList<>(version.getAdditionalPrinterColumns());
      columns.sort(Comparator.comparingInt(c -> declared.indexOf(c.getName())));
      version.setAdditionalPrinterColumns(columns);
    }
    Files.writeString(
        crdFile,
        "# Generated from operator/api by `make crds`; do not edit.\n" + Serialization.asYaml(crd));
  }

  @Test
  void committedCrdsMatchTheModel() throws IOException {
    for (String file : FILES) {
      Path committed = COMMITTED.resolve(file);
      assertTrue(
          Files.exists(committed), committed + " is missing: run `make crds` and commit crds/");
      assertEquals(
          Files.readString(GENERATED.resolve(file)),
          Files.readString(committed),
          file + " is stale: run `make crds` and commit crds/");
    }
  }

  @Test
  void schemaCarriesTheValidationRulesAndColumns() throws IOException {
    String pools = Files.readString(GENERATED.resolve(FILES.get(0)));
    assertTrue(pools.contains("set either replicas or autoscaling, not both"));
    assertTrue(pools.contains("autoscaling.minReplicas must not exceed autoscaling.maxReplicas"));
    assertTrue(
        pools.indexOf("name: \"REGION\"") < pools.indexOf("name: \"AGE\""), "REGION before AGE");
    assertTrue(pools.contains("name: \"STRESS\""), "printer column STRESS");
    assertTrue(pools.contains("status: {}"), "status subresource");
    String conferences = Files.readString(GENERATED.resolve(FILES.get(1)));
    assertTrue(conferences.contains("name: \"PARTICIPANTS\""));
    assertTrue(conferences.contains("every preferred region must also be an allowed region"));
  }
}
