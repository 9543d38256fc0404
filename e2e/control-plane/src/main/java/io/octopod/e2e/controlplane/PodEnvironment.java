package io.octopod.e2e.controlplane;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A container's environment as a kubelet computes it from the pod spec: {@code envFrom} ConfigMaps
 * and Secrets first, then {@code env} entries (literal values, ConfigMap and Secret keys, and the
 * downward-API fields {@code metadata.name}, {@code metadata.namespace}, {@code metadata.uid},
 * {@code spec.nodeName}, {@code status.podIP}, {@code status.hostIP}), later entries winning. A
 * missing, non-optional reference is an error, as it is for a real kubelet
 * (CreateContainerConfigError).
 */
final class PodEnvironment {

  private PodEnvironment() {}

  static Map<String, String> resolve(
      KubernetesClient client, Pod pod, Container container, String podIp, String hostIp) {
    String namespace = pod.getMetadata().getNamespace();
    Map<String, String> env = new LinkedHashMap<>();
    if (container.getEnvFrom() != null) {
      for (EnvFromSource from : container.getEnvFrom()) {
        String prefix = from.getPrefix() == null ? "" : from.getPrefix();
        if (from.getConfigMapRef() != null) {
          ConfigMap map =
              client
                  .configMaps()
                  .inNamespace(namespace)
                  .withName(from.getConfigMapRef().getName())
                  .get();
          if (map == null) {
            requireOptional(
                from.getConfigMapRef().getOptional(),
                "ConfigMap " + from.getConfigMapRef().getName());
          } else if (map.getData() != null) {
            map.getData().forEach((k, v) -> env.put(prefix + k, v));
          }
        }
        if (from.getSecretRef() != null) {
          Secret secret =
              client.secrets().inNamespace(namespace).withName(from.getSecretRef().getName()).get();
          if (secret == null) {
            requireOptional(
                from.getSecretRef().getOptional(), "Secret " + from.getSecretRef().getName());
          } else if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> env.put(prefix + k, decode(v)));
          }
        }
      }
    }
    if (container.getEnv() != null) {
      for (EnvVar var : container.getEnv()) {
        String value =
            var.getValueFrom() == null
                ? var.getValue()
                : valueFrom(client, pod, var, podIp, hostIp);
        if (value != null) {
          env.put(var.getName(), value);
        }
      }
    }
    return env;
  }

  private static String valueFrom(
      KubernetesClient client, Pod pod, EnvVar var, String podIp, String hostIp) {
    EnvVarSource source = var.getValueFrom();
    String namespace = pod.getMetadata().getNamespace();
    if (source.getFieldRef() != null) {
      String path = source.getFieldRef().getFieldPath();
      return switch (path) {
        case "metadata.name" -> pod.getMetadata().getName();
        case "metadata.namespace" -> namespace;
        case "metadata.uid" -> pod.getMetadata().getUid();
        case "spec.nodeName" -> pod.getSpec().getNodeName();
        case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName();
        case "status.podIP" -> podIp;
        case "status.hostIP" -> hostIp;
        default ->
            throw new IllegalStateException(
                "env " + var.getName() + ": fieldRef " + path + " is not supported");
      };
    }
    if (source.getConfigMapKeyRef() != null) {
      var ref = source.getConfigMapKeyRef();
      ConfigMap map = client.configMaps().inNamespace(namespace).withName(ref.getName()).get();
      String value = map == null || map.getData() == null ? null : map.getData().get(ref.getKey());
      if (value == null) {
        requireOptional(ref.getOptional(), "ConfigMap " + ref.getName() + " key " + ref.getKey());
      }
      return value;
    }
    if (source.getSecretKeyRef() != null) {
      var ref = source.getSecretKeyRef();
      Secret secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
      String value =
          secret == null || secret.getData() == null ? null : secret.getData().get(ref.getKey());
      if (value == null) {
        requireOptional(ref.getOptional(), "Secret " + ref.getName() + " key " + ref.getKey());
        return null;
      }
      return decode(value);
    }
    throw new IllegalStateException(
        "env " + var.getName() + ": this kind of valueFrom is not supported");
  }

  private static void requireOptional(Boolean optional, String what) {
    if (optional == null || !optional) {
      throw new IllegalStateException(what + " not found");
    }
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
