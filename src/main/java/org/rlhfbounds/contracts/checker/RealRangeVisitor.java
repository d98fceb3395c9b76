package org.rlhfbounds.contracts.checker;

import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.VariableTree;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.VariableElement;
import org.checkerframework.common.basetype.BaseTypeChecker;
import org.checkerframework.common.basetype.BaseTypeVisitor;
import org.checkerframework.framework.type.AnnotatedTypeMirror;
import org.checkerframework.framework.type.AnnotatedTypeMirror.AnnotatedArrayType;
import org.checkerframework.javacutil.TreeUtils;

/**
 * Visitor of {@link RealRangeChecker}: besides the standard checks, rejects the two ways a
 * numeric value enters a qualified type without an expression: the default value 0 of a field
 * without initializer, and the zero-filled entries of {@code new @PositiveReal double[n]}.
 * Only qualifiers that exclude zero ({@code @PositiveReal}, {@code @PositiveProbability}) matter;
 * a final field is exempt (javac proves it assigned before the constructor ends).
 *
 * <p>A cast into a narrower range ({@code (@PositiveReal double) x} for an unchecked {@code x}) is
 * an error ({@code cast.unsafe}), not the Checker Framework's default warning: a cast would
 * otherwise be a second, unchecked door besides {@code org.rlhfbounds.contracts.Reals}.
 */
public final class RealRangeVisitor extends BaseTypeVisitor<RealRangeAnnotatedTypeFactory> {

  /**
   * Creates the visitor.
   *
   * @param checker the checker
   */
  public RealRangeVisitor(BaseTypeChecker checker) {
    super(checker);
  }

  @Override
  public Void visitVariable(VariableTree tree, Void p) {
    VariableElement e = TreeUtils.elementFromDeclaration(tree);
    if (e.getKind() == ElementKind.FIELD
        && tree.getInitializer() == null
        && !e.getModifiers().contains(Modifier.FINAL)) {
      AnnotatedTypeMirror type = atypeFactory.getAnnotatedType(e);
      if (type.getKind().isPrimitive() && excludesZero(type)) {
        checker.reportError(tree, "field.default.zero", tree.getName());
      }
    }
    return super.visitVariable(tree, p);
  }

  @Override
  public Void visitNewArray(NewArrayTree tree, Void p) {
    if (tree.getInitializers() == null && !tree.getDimensions().isEmpty()) {
      AnnotatedTypeMirror component = atypeFactory.getAnnotatedType(tree);
      while (component instanceof AnnotatedArrayType) {
        component = ((AnnotatedArrayType) component).getComponentType();
      }
      if (component.getKind().isPrimitive() && excludesZero(component)) {
        checker.reportError(tree, "array.default.zero");
      }
    }
    return super.visitNewArray(tree, p);
  }

  /**
   * Reports an unverifiable cast as an error (the Checker Framework reports it as a warning,
   * and only when its {@code cast:unsafe} lint option is on).
   */
  @Override
  protected void checkTypecastSafety(TypeCastTree tree) {
    AnnotatedTypeMirror castType = atypeFactory.getAnnotatedType(tree);
    AnnotatedTypeMirror exprType = atypeFactory.getAnnotatedType(tree.getExpression());
    if (!isTypeCastSafe(castType, exprType)) {
      checker.reportError(tree, "cast.unsafe", exprType.toString(true), castType.toString(true));
    }
  }

  private boolean excludesZero(AnnotatedTypeMirror type) {
    AnnotationMirror a = type.getPrimaryAnnotationInHierarchy(atypeFactory.unknown);
    return a != null
        && !atypeFactory.getQualifierHierarchy().isSubtypeQualifiersOnly(atypeFactory.probability, a);
  }
}
