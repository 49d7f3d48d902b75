/**
 * Tests of the Kubernetes manifests in {@code k8s/}: each overlay is rendered with
 * {@code kubectl kustomize} ({@link dev.ipvm.k8s.Kustomize}), every custom resource is validated
 * against its operator's CRD schema made strict ({@link dev.ipvm.k8s.CrdValidator}), and the
 * settings an operator must keep in step are checked against the job's own code: its topics,
 * its settings parser, its Docker image.
 */
package dev.ipvm.k8s;
