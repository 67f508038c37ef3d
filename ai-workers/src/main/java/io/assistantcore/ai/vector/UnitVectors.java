package io.assistantcore.ai.vector;

/** Unit-length embeddings, whose dot product is their cosine similarity. */
public final class UnitVectors {

    private UnitVectors() {
    }

    /** {@code raw} scaled to length 1 (a new array; all zeros stays all zeros). */
    public static float[] unit(float[] raw) {
        double norm = 0;
        for (float v : raw) {
            norm += (double) v * v;
        }
        norm = Math.sqrt(norm);
        float[] unit = new float[raw.length];
        for (int k = 0; k < raw.length; k++) {
            unit[k] = norm == 0 ? 0 : (float) (raw[k] / norm);
        }
        return unit;
    }

    /** The dot product: the cosine similarity of two unit vectors. */
    public static double cosine(float[] a, float[] b) {
        double sum = 0;
        for (int k = 0; k < a.length; k++) {
            sum += (double) a[k] * b[k];
        }
        return sum;
    }
}
