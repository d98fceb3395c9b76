/**
 * File formats: NumPy {@code .npy} arrays ({@link org.rlhfbounds.model.io.Npy}), instance files
 * ({@link org.rlhfbounds.model.io.InstanceFile}), sample files ({@link
 * org.rlhfbounds.model.io.SampleFile}) and vector files ({@link
 * org.rlhfbounds.model.io.VectorFile}), with strict validation ({@link
 * org.rlhfbounds.model.io.FormatException} names file, field, index and value) and atomic writes
 * ({@link org.rlhfbounds.model.io.AtomicFiles}).
 */
package org.rlhfbounds.model.io;
