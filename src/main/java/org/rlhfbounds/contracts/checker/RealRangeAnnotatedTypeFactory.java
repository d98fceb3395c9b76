package org.rlhfbounds.contracts.checker;

import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import javax.lang.model.type.TypeMirror;
import java.lang.annotation.Annotation;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import org.checkerframework.common.basetype.BaseAnnotatedTypeFactory;
import org.checkerframework.common.basetype.BaseTypeChecker;
import org.checkerframework.framework.flow.CFAbstractAnalysis;
import org.checkerframework.framework.flow.CFStore;
import org.checkerframework.framework.flow.CFTransfer;
import org.checkerframework.framework.flow.CFValue;
import org.checkerframework.framework.type.AnnotatedTypeMirror;
import org.checkerframework.framework.type.treeannotator.ListTreeAnnotator;
import org.checkerframework.framework.type.treeannotator.TreeAnnotator;
import org.checkerframework.javacutil.AnnotationBuilder;
import org.rlhfbounds.contracts.qual.Finite;
import org.rlhfbounds.contracts.qual.NonNegativeReal;
import org.rlhfbounds.contracts.qual.PositiveProbability;
import org.rlhfbounds.contracts.qual.PositiveReal;
import org.rlhfbounds.contracts.qual.Probability;
import org.rlhfbounds.contracts.qual.RealBottom;
import org.rlhfbounds.contracts.qual.UnknownReal;

/** Type factory of {@link RealRangeChecker}: the hierarchy, literal typing and the transfer. */
public final class RealRangeAnnotatedTypeFactory extends BaseAnnotatedTypeFactory {

  final AnnotationMirror unknown;
  final AnnotationMirror finite;
  final AnnotationMirror nonNegative;
  final AnnotationMirror positive;
  final AnnotationMirror probability;
  final AnnotationMirror positiveProbability;

  /**
   * Creates the factory.
   *
   * @param checker the checker
   */
  public RealRangeAnnotatedTypeFactory(BaseTypeChecker checker) {
    super(checker);
    unknown = AnnotationBuilder.fromClass(elements, UnknownReal.class);
    finite = AnnotationBuilder.fromClass(elements, Finite.class);
    nonNegative = AnnotationBuilder.fromClass(elements, NonNegativeReal.class);
    positive = AnnotationBuilder.fromClass(elements, PositiveReal.class);
    probability = AnnotationBuilder.fromClass(elements, Probability.class);
    positiveProbability = AnnotationBuilder.fromClass(elements, PositiveProbability.class);
    postInit();
  }

  @Override
  protected Set<Class<? extends Annotation>> createSupportedTypeQualifiers() {
    return new LinkedHashSet<>(
        Arrays.asList(
            UnknownReal.class,
            Finite.class,
            NonNegativeReal.class,
            PositiveReal.class,
            Probability.class,
            PositiveProbability.class,
            RealBottom.class));
  }

  /**
   * The tightest qualifier of a known finite value.
   *
   * @param v a finite value
   * @return its qualifier
   */
  AnnotationMirror qualifierOf(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return unknown;
    }
    if (v > 0) {
      return v <= 1 ? positiveProbability : positive;
    }
    if (v == 0) {
      return probability;
    }
    return finite;
  }

  @Override
  public CFTransfer createFlowTransferFunction(
      CFAbstractAnalysis<CFValue, CFStore, CFTransfer> analysis) {
    return new RealRangeTransfer(analysis, this);
  }

  @Override
  protected TreeAnnotator createTreeAnnotator() {
    return new ListTreeAnnotator(super.createTreeAnnotator(), new LiteralAnnotator());
  }

  /**
   * The numeric value of a literal, or of a negated literal, or null.
   *
   * @param tree an expression
   * @return its constant value
   */
  static Double constantValue(Tree tree) {
    if (tree instanceof LiteralTree) {
      Object v = ((LiteralTree) tree).getValue();
      if (v instanceof Number && !(v instanceof Character)) {
        return ((Number) v).doubleValue();
      }
      return null;
    }
    if (tree.getKind() == Tree.Kind.UNARY_MINUS) {
      Double inner = constantValue(((UnaryTree) tree).getExpression());
      return inner == null ? null : -inner;
    }
    if (tree.getKind() == Tree.Kind.UNARY_PLUS) {
      return constantValue(((UnaryTree) tree).getExpression());
    }
    if (tree.getKind() == Tree.Kind.PARENTHESIZED) {
      return constantValue(((com.sun.source.tree.ParenthesizedTree) tree).getExpression());
    }
    return null;
  }

  /** Gives numeric literals (and negated literals) their tightest qualifier. */
  private final class LiteralAnnotator extends TreeAnnotator {
    LiteralAnnotator() {
      super(RealRangeAnnotatedTypeFactory.this);
    }

    @Override
    public Void visitLiteral(LiteralTree tree, AnnotatedTypeMirror type) {
      Double v = constantValue(tree);
      if (v != null) {
        type.replaceAnnotation(qualifierOf(v));
      }
      return null;
    }

    @Override
    public Void visitUnary(UnaryTree tree, AnnotatedTypeMirror type) {
      Double v = constantValue(tree);
      if (v != null) {
        type.replaceAnnotation(qualifierOf(v));
      } else if (tree.getKind() != Tree.Kind.UNARY_PLUS
          && tree.getKind() != Tree.Kind.POSTFIX_INCREMENT
          && tree.getKind() != Tree.Kind.POSTFIX_DECREMENT) {
        // -x flips the sign; ++x, --x, ~x leave any range. (+x and the old value of x++ / x--
        // are x itself: the propagated type of the operand is right.)
        type.replaceAnnotation(unknown);
      }
      return null;
    }

    /**
     * Arithmetic does not preserve a range: overflow, underflow, cancellation, 1.0 / 0, 0.0 / 0.0.
     * Without this, the framework's PropagationTreeAnnotator would type {@code a + b} as the least
     * upper bound of the operand types.
     */
    @Override
    public Void visitBinary(BinaryTree tree, AnnotatedTypeMirror type) {
      type.replaceAnnotation(unknown);
      return null;
    }

    /** {@code x op= y}: as for {@link #visitBinary}. */
    @Override
    public Void visitCompoundAssignment(CompoundAssignmentTree tree, AnnotatedTypeMirror type) {
      type.replaceAnnotation(unknown);
      return null;
    }

    /**
     * A narrowing primitive cast ({@code (float) 1e300} is infinite, {@code (long) 0.5} is 0)
     * leaves any range; widening and boxing casts keep the operand's type.
     */
    @Override
    public Void visitTypeCast(TypeCastTree tree, AnnotatedTypeMirror type) {
      TypeMirror to = type.getUnderlyingType();
      TypeMirror from = getAnnotatedType(tree.getExpression()).getUnderlyingType();
      if (to.getKind().isPrimitive()
          && from.getKind().isPrimitive()
          && !types.isSameType(to, from)
          && !types.isSubtype(from, to)) {
        type.replaceAnnotation(unknown);
      }
      return null;
    }
  }
}
