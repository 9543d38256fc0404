{{/* The name every object of the release starts with. */}}
{{- define "octopod.fullname" -}}
{{- if contains "octopod" .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "octopod-%s" .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "octopod.labels" -}}
app.kubernetes.io/part-of: octopod
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "octopod.selector" -}}
app.kubernetes.io/name: octopod-operator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Whether the operator watches every namespace (cluster-wide RBAC). */}}
{{- define "octopod.clusterWide" -}}
{{- if has "*" .Values.operator.watchNamespaces -}}true{{- end -}}
{{- end -}}

{{/* The namespaces the operator watches, besides its own. */}}
{{- define "octopod.watched" -}}
{{- if .Values.operator.watchNamespaces -}}
{{- .Values.operator.watchNamespaces | join "," -}}
{{- else -}}
{{- .Release.Namespace -}}
{{- end -}}
{{- end -}}

{{/* Whether the focus serves HTTPS itself, from focus.tls.secretName. */}}
{{- define "octopod.focusTls" -}}
{{- if and .Values.focus.enabled .Values.focus.tls.secretName -}}true{{- end -}}
{{- end -}}

{{/* operator.regionGroups as the REGION_GROUPS setting: groups joined by ";", regions by ",". */}}
{{- define "octopod.regionGroups" -}}
{{- $groups := list -}}
{{- range .Values.operator.regionGroups -}}
{{- $groups = append $groups (join "," .) -}}
{{- end -}}
{{- join ";" $groups -}}
{{- end -}}
