package dev.adamae.testkit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adamae.api.MaskingStrategy;
import dev.adamae.api.MaskingStrategyFactory;
import dev.adamae.api.Settings;
import dev.adamae.api.SpiVersion;
import dev.adamae.api.TokenGrid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Each check of the kit fails on a strategy with the mistake it is there to catch, and passes on
 * the same strategy without it.
 */
class KitFindsFaultsTest {

    /** A factory of the given name whose strategy is {@code strategy}. */
    private static MaskingStrategyFactory factoryOf(String name, MaskingStrategy strategy) {
        return new MaskingStrategyFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String description() {
                return "A faulty strategy";
            }

            @Override
            public String spiVersion() {
                return SpiVersion.CURRENT;
            }

            @Override
            public MaskingStrategy create(Settings settings) {
                return strategy;
            }
        };
    }

    private static LearnedSamplerContractTest learnedKit(FakeLearnedStrategyFactory.Fault fault) {
        MaskingStrategyFactory factory = factoryOf(FakeLearnedStrategyFactory.NAME,
                FakeLearnedStrategyFactory.faulty(fault));
        return new LearnedSamplerContractTest() {
            @Override
            protected MaskingStrategyFactory factory() {
                return factory;
            }

            @Override
            protected int expectedVisibleCount(TokenGrid grid, double ratio) {
                return grid.tokenCount() / 4;
            }
        };
    }

    private static MaskingStrategyContractTest contentKit(FakeContentAwareStrategyFactory.Fault fault) {
        MaskingStrategyFactory factory = factoryOf(FakeContentAwareStrategyFactory.NAME,
                FakeContentAwareStrategyFactory.faulty(fault));
        return new MaskingStrategyContractTest() {
            @Override
            protected MaskingStrategyFactory factory() {
                return factory;
            }

            @Override
            protected int expectedVisibleCount(TokenGrid grid, double ratio) {
                return grid.tokenCount() / 4;
            }
        };
    }

    private static void failsWithTheFaultAndPassesWithout(Executable withFault, Executable withoutFault) {
        assertThatCode(withoutFault::execute).doesNotThrowAnyException();
        assertThatThrownBy(withFault::execute).isInstanceOf(AssertionError.class);
    }

    private static final FakeLearnedStrategyFactory.Fault NONE = FakeLearnedStrategyFactory.Fault.NONE;

    @Test
    void aVariableOutsideTheScopeIsFound() {
        failsWithTheFaultAndPassesWithout(
                learnedKit(FakeLearnedStrategyFactory.Fault.UNSCOPED_VARIABLE)::everyVariableTheSamplerAddsIsNamedWithinItsScope,
                learnedKit(NONE)::everyVariableTheSamplerAddsIsNamedWithinItsScope);
    }

    @Test
    void probabilitiesThatAreNotADistributionAreFound() {
        failsWithTheFaultAndPassesWithout(
                learnedKit(FakeLearnedStrategyFactory.Fault.NOT_A_DISTRIBUTION)
                        ::theSamplersProbabilitiesAreOneFiniteDistributionOverTheTokensPerClip,
                learnedKit(NONE)::theSamplersProbabilitiesAreOneFiniteDistributionOverTheTokensPerClip);
    }

    @Test
    void aVariableTheLossDoesNotTrainIsFound() {
        failsWithTheFaultAndPassesWithout(
                learnedKit(FakeLearnedStrategyFactory.Fault.UNUSED_VARIABLE)
                        ::theLossGradientReachesEverySamplerVariableAndNoHostVariableBeyondTheTokens,
                learnedKit(NONE)::theLossGradientReachesEverySamplerVariableAndNoHostVariableBeyondTheTokens);
    }

    @Test
    void aLossThatTrainsTheHostsOtherVariablesIsFound() {
        failsWithTheFaultAndPassesWithout(
                learnedKit(FakeLearnedStrategyFactory.Fault.REACHES_INTO_THE_HOST)
                        ::theLossGradientReachesEverySamplerVariableAndNoHostVariableBeyondTheTokens,
                learnedKit(NONE)::theLossGradientReachesEverySamplerVariableAndNoHostVariableBeyondTheTokens);
    }

    @Test
    void aLossThatIsNotAScalarIsFound() {
        failsWithTheFaultAndPassesWithout(
                learnedKit(FakeLearnedStrategyFactory.Fault.LOSS_PER_CLIP)::theLossIsAFiniteScalar,
                learnedKit(NONE)::theLossIsAFiniteScalar);
    }

    @Test
    void weightsNotDrawnFromTheSeededGeneratorAreFound() {
        failsWithTheFaultAndPassesWithout(
                learnedKit(FakeLearnedStrategyFactory.Fault.UNSEEDED_WEIGHTS)::theSameSeedGivesTheSameSampler,
                learnedKit(NONE)::theSameSeedGivesTheSameSampler);
    }

    @Test
    void variableShapesThatDifferFromTheBuiltOnesAreFound() {
        failsWithTheFaultAndPassesWithout(
                learnedKit(FakeLearnedStrategyFactory.Fault.MISLISTED_SHAPES)::theVariableShapesTheSamplerListsAreThoseItBuilds,
                learnedKit(NONE)::theVariableShapesTheSamplerListsAreThoseItBuilds);
    }

    @Test
    void aLearnedStrategyCheckedByThePlainKitIsFound() {
        MaskingStrategyFactory factory = factoryOf(FakeLearnedStrategyFactory.NAME,
                FakeLearnedStrategyFactory.faulty(NONE));
        MaskingStrategyContractTest plain = new MaskingStrategyContractTest() {
            @Override
            protected MaskingStrategyFactory factory() {
                return factory;
            }

            @Override
            protected int expectedVisibleCount(TokenGrid grid, double ratio) {
                return grid.tokenCount() / 4;
            }
        };
        failsWithTheFaultAndPassesWithout(plain::aStrategyWithALearnedSamplerIsCheckedByTheLearnedSamplerKit,
                learnedKit(NONE)::aStrategyWithALearnedSamplerIsCheckedByTheLearnedSamplerKit);
    }

    @Test
    void aContentAwareStrategyWhoseMasksIgnoreTheContentIsFound() {
        failsWithTheFaultAndPassesWithout(
                contentKit(FakeContentAwareStrategyFactory.Fault.IGNORES_CONTENT)
                        ::aContentAwareStrategyCanGiveOtherMasksForOtherContent,
                contentKit(FakeContentAwareStrategyFactory.Fault.NONE)
                        ::aContentAwareStrategyCanGiveOtherMasksForOtherContent);
    }

    @Test
    void aContentAwareStrategyThatTakesARequestWithoutContentIsFound() {
        failsWithTheFaultAndPassesWithout(
                contentKit(FakeContentAwareStrategyFactory.Fault.ACCEPTS_NO_CONTENT)
                        ::aContentAwareStrategyRefusesARequestWithoutContentNamingItself,
                contentKit(FakeContentAwareStrategyFactory.Fault.NONE)
                        ::aContentAwareStrategyRefusesARequestWithoutContentNamingItself);
    }

    @Test
    void scoresForAnotherBatchThanTheRequestsAreFound() {
        failsWithTheFaultAndPassesWithout(
                contentKit(FakeContentAwareStrategyFactory.Fault.SCORES_ONE_CLIP)
                        ::tokenScoresWhereTheStrategyHasThemAreOneDistributionPerClipOfTheGrid,
                contentKit(FakeContentAwareStrategyFactory.Fault.NONE)
                        ::tokenScoresWhereTheStrategyHasThemAreOneDistributionPerClipOfTheGrid);
    }
}
